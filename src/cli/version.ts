/** The meshbridge release; bumped by the release process. */
export const VERSION = '0.1.0';
