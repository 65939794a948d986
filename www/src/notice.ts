// The notice line under the header: one message at a time, with an optional action (Undo)
// and a button to dismiss it.

import { $, clear, h } from './dom';

export function notify(
  message: string,
  action?: { label: string; run: () => void },
  kind: 'info' | 'error' = 'info',
) {
  const box = $('notice');
  clear(box);
  box.className = `notice ${kind}`;
  box.append(h('span', {}, message));
  if (action)
    box.append(
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          onclick: () => {
            action.run();
            clear(box);
          },
        },
        action.label,
      ),
    );
  box.append(
    h(
      'button',
      {
        type: 'button',
        class: 'small ghost',
        'aria-label': 'Dismiss message',
        onclick: () => clear(box),
      },
      '×',
    ),
  );
}
