// Real archives built at test time: a small zip writer (stored/deflate, encrypted flag,
// data descriptors), tars via tar-stream, gzip via zlib, docker save and OCI image layouts.
import { createHash, randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import tar from 'tar-stream';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipInput {
  name: string;
  data: Uint8Array | string;
  /** Default 'deflate'. */
  method?: 'store' | 'deflate';
  /** Set general-purpose bit 0 (traditional encryption); the data is left as is. */
  encrypted?: boolean;
  /** Sizes and CRC after the data (bit 3), zeros in the local header. */
  dataDescriptor?: boolean;
}

const buf = (d: Uint8Array | string) => (typeof d === 'string' ? Buffer.from(d, 'utf8') : Buffer.from(d));

/** A zip file (no zip64) with the given entries. */
export function zip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = buf(e.data);
    const method = e.method === 'store' ? 0 : 8;
    let body = method === 8 ? zlib.deflateRawSync(data) : data;
    // traditional encryption prepends a 12-byte header (the data itself is left readable)
    if (e.encrypted) body = Buffer.concat([randomBytes(12), body]);
    const crc = crc32(data);
    const name = Buffer.from(e.name, 'utf8');
    const flags = (e.encrypted ? 1 : 0) | (e.dataDescriptor ? 8 : 0) | 0x800;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(0, 10);
    lh.writeUInt16LE(0x21, 12);
    lh.writeUInt32LE(e.dataDescriptor ? 0 : crc, 14);
    lh.writeUInt32LE(e.dataDescriptor ? 0 : body.length, 18);
    lh.writeUInt32LE(e.dataDescriptor ? 0 : data.length, 22);
    lh.writeUInt16LE(name.length, 26);
    lh.writeUInt16LE(0, 28);
    const parts = [lh, name, body];
    if (e.dataDescriptor) {
      const dd = Buffer.alloc(16);
      dd.writeUInt32LE(0x08074b50, 0);
      dd.writeUInt32LE(crc, 4);
      dd.writeUInt32LE(body.length, 8);
      dd.writeUInt32LE(data.length, 12);
      parts.push(dd);
    }
    const local = Buffer.concat(parts);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt16LE(0, 12);
    ch.writeUInt16LE(0x21, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([ch, name]));
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export interface TarInput {
  name: string;
  data?: Uint8Array | string;
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
  linkname?: string;
}

/** A tar (ustar/pax, via tar-stream's pack). */
export async function tarball(entries: TarInput[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') pack.entry({ name: e.name, type }, buf(e.data ?? ''));
    else pack.entry({ name: e.name, type, linkname: e.linkname, size: 0 });
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const c of pack) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
}

export function gzip(data: Uint8Array | string, fname?: string): Buffer {
  const gz = zlib.gzipSync(buf(data));
  if (!fname) return gz;
  // rebuild the header with FLG.FNAME set and the name after the 10 fixed bytes
  const head = Buffer.from(gz.subarray(0, 10));
  head[3] |= 8;
  return Buffer.concat([head, Buffer.from(fname + '\0', 'latin1'), gz.subarray(10)]);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface ImageLayerInput {
  files: TarInput[];
}

/** A legacy `docker save` tarball: <id>/layer.tar, <config>.json, manifest.json, repositories. */
export async function dockerSave(tag: string, layers: ImageLayerInput[]): Promise<{ tar: Buffer; layerIds: string[] }> {
  const entries: TarInput[] = [];
  const layerIds: string[] = [];
  const diffIds: string[] = [];
  for (const l of layers) {
    const t = await tarball(l.files);
    const id = sha256(Buffer.concat([t, Buffer.from(String(layerIds.length))]));
    layerIds.push(id);
    diffIds.push(`sha256:${sha256(t)}`);
    entries.push({ name: `${id}/`, type: 'directory' });
    entries.push({ name: `${id}/VERSION`, data: '1.0' });
    entries.push({ name: `${id}/json`, data: JSON.stringify({ id }) });
    entries.push({ name: `${id}/layer.tar`, data: t });
  }
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/bin'] }, rootfs: { type: 'layers', diff_ids: diffIds } });
  const configName = `${sha256(Buffer.from(config))}.json`;
  entries.push({ name: configName, data: config });
  entries.push({ name: 'manifest.json', data: JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: layerIds.map((id) => `${id}/layer.tar`) }]) });
  const [repo, version] = tag.split(':');
  entries.push({ name: 'repositories', data: JSON.stringify({ [repo]: { [version]: layerIds[layerIds.length - 1] } }) });
  return { tar: await tarball(entries), layerIds };
}

/** An OCI image layout as a tar: oci-layout, index.json, blobs/sha256/… with gzipped layers. */
export async function ociLayout(refName: string, layers: ImageLayerInput[]): Promise<{ tar: Buffer; layerDigests: string[] }> {
  const blobs: TarInput[] = [];
  const layerDescs: Array<{ mediaType: string; digest: string; size: number }> = [];
  for (const l of layers) {
    const gz = zlib.gzipSync(await tarball(l.files));
    const hex = sha256(gz);
    blobs.push({ name: `blobs/sha256/${hex}`, data: gz });
    layerDescs.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${hex}`, size: gz.length });
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const configHex = sha256(config);
  blobs.push({ name: `blobs/sha256/${configHex}`, data: config });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${configHex}`, size: config.length },
      layers: layerDescs,
    }),
  );
  const manifestHex = sha256(manifest);
  blobs.push({ name: `blobs/sha256/${manifestHex}`, data: manifest });
  const index = {
    schemaVersion: 2,
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${manifestHex}`,
        size: manifest.length,
        annotations: { 'org.opencontainers.image.ref.name': refName },
      },
    ],
  };
  const entries: TarInput[] = [
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
    ...blobs,
    { name: 'index.json', data: JSON.stringify(index) },
    { name: 'oci-layout', data: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
  ];
  return { tar: await tarball(entries), layerDigests: layerDescs.map((d) => d.digest.slice(7)) };
}
