// A module with nothing in it but one line: what importing a module costs a reload, by itself.
export const oneLine = true;
