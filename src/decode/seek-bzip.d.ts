// The part of seek-bzip (bzip2 decoder, MIT) that ./bzip2.ts uses; the package ships no types.
// Its block-level methods are internal but stable in the pinned 2.x line: they let a decode
// stop between blocks instead of producing the whole output in one call.
declare module 'seek-bzip' {
  interface InputStream {
    readByte(): number;
    read(buf: Uint8Array, off: number, len: number): number;
    seek(pos: number): void;
    eof(): boolean;
  }
  interface OutputStream {
    writeByte(b: number): void;
  }
  class Bunzip {
    constructor(input: InputStream, output: OutputStream);
    streamCRC: number;
    reader: { read(bits: number): number };
    _init_block(): boolean;
    _read_bunzip(): number;
    _start_bunzip(input: InputStream, output: OutputStream): void;
  }
  export default Bunzip;
}
