// Prettier, the formatter of www/src, www/tests and vite.config.ts: `npm run format` writes,
// `npm run format:check` (scripts/test webfmt) checks. Single quotes were the code's style
// before the formatter came; a width of 100 keeps a table's row or a call on one line.
export default { printWidth: 100, singleQuote: true };
