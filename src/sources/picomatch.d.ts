// The part of picomatch (the matcher fast-glob used, so --exclude globs keep their meaning)
// that the walk uses; the package ships no types.
declare module 'picomatch' {
  interface Options {
    dot?: boolean;
    posix?: boolean;
    strictSlashes?: boolean;
    flags?: string;
  }
  const picomatch: {
    makeRe(glob: string, options?: Options): RegExp;
  };
  export default picomatch;
}
