// The notice line under the header: one message at a time, with optional actions (Undo, Run
// it) and a button to dismiss it.

import { $, clear, h } from './dom';

export interface NoticeAction {
  label: string;
  run: () => void;
  /** The button's id (for tests and for focusing it). */
  id?: string;
}

export function notify(
  message: string,
  action?: NoticeAction | NoticeAction[],
  kind: 'info' | 'error' = 'info',
) {
  const box = $('notice');
  clear(box);
  box.className = `notice ${kind}`;
  box.append(h('span', {}, message));
  const actions = action === undefined ? [] : Array.isArray(action) ? action : [action];
  for (const a of actions)
    box.append(
      h(
        'button',
        {
          type: 'button',
          class: 'small',
          id: a.id,
          onclick: () => {
            clear(box);
            a.run();
          },
        },
        a.label,
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
