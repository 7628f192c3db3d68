// The part of picomatch (installed with fast-glob, whose globs --exclude always took) that
// the walk uses; the package ships no types.
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
