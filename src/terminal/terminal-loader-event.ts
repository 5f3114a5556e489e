/** The event other parts of a lesson dispatch on `document` to type text into the terminal (detail: the text). */
export const PASTE_EVENT = 'pw:terminal-paste';
