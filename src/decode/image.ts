// Container images: a `docker save` tarball (manifest.json: Config, RepoTags, Layers) and an
// OCI image layout (oci-layout, index.json, blobs/<alg>/<hex>). Both are tars whose layers
// are (possibly gzipped) tars. This file only maps a layer's tar path to the name it gets in
// provenance; the layers themselves are opened like any other nested tar.
//
// Layer name: `<tag>@layer-<first 12 hex of the layer id>`, or `layer-<12 hex>` without a
// tag, e.g. `image.tar!myapp:1.0@layer-3f2a1b2c3d4e!app/.env`. The tag is RepoTags[0]
// (docker save), else the OCI annotation io.containerd.image.name, else
// org.opencontainers.image.ref.name. The id is the hex in the layer's path (the v1 layer
// directory for old docker save, the blob digest for OCI / docker ≥ 25).

/** Names a reader must keep (small JSON) so that detectImage can map the layers. */
export function imageMetadataWanted(name: string, size: number): boolean {
  if (name === 'manifest.json' || name === 'index.json' || name === 'oci-layout') return size <= 16 * 1024 * 1024;
  return name.startsWith('blobs/') && size <= 1024 * 1024;
}

/** First tar entry names that make a tar worth the metadata pass of a streamed image. */
export function looksLikeImageStart(name: string): boolean {
  return /^(blobs\/|[0-9a-f]{64}(\/|\.json$)|manifest\.json$|oci-layout$|index\.json$|repositories$)/.test(name);
}

function parse(b: Uint8Array | undefined): unknown {
  if (!b || b.length === 0 || b.length > 16 * 1024 * 1024) return undefined;
  try {
    return JSON.parse(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function layerName(tag: string | undefined, layerPath: string): string {
  const hex = /[0-9a-f]{64}/.exec(layerPath)?.[0];
  const id = hex ? `layer-${hex.slice(0, 12)}` : `layer-${layerPath}`;
  return tag ? `${tag.replace(/^docker\.io\/library\//, '')}@${id}` : id;
}

function blobPath(digest: unknown): string | undefined {
  const d = str(digest);
  const m = d && /^([a-z0-9+._-]+):([a-zA-Z0-9=_-]+)$/.exec(d);
  return m ? `blobs/${m[1]}/${m[2]}` : undefined;
}

/**
 * Map layer tar path → provenance name, or null when this tar is not an image.
 * `read` returns the bytes of a (small) tar entry by path.
 */
export function detectImage(read: (name: string) => Uint8Array | undefined): Map<string, string> | null {
  const layers = new Map<string, string>();
  const manifest = parse(read('manifest.json'));
  if (Array.isArray(manifest)) {
    for (const m of manifest) {
      const o = obj(m);
      if (!o || !Array.isArray(o.Layers)) continue;
      const tag = Array.isArray(o.RepoTags) ? str(o.RepoTags[0]) : undefined;
      for (const l of o.Layers) {
        const p = str(l)?.replace(/^\.\//, '');
        if (p && !layers.has(p)) layers.set(p, layerName(tag, p));
      }
    }
  }
  const index = obj(parse(read('index.json')));
  if (index && (read('oci-layout') !== undefined || Array.isArray(index.manifests))) {
    const visit = (desc: unknown, tag: string | undefined, depth: number) => {
      const d = obj(desc);
      if (!d || depth > 4) return;
      const ann = obj(d.annotations);
      const t = str(ann?.['io.containerd.image.name']) ?? str(ann?.['org.opencontainers.image.ref.name']) ?? tag;
      const blob = obj(parse(read(blobPath(d.digest) ?? '')));
      if (!blob) return;
      if (Array.isArray(blob.manifests)) for (const c of blob.manifests) visit(c, t, depth + 1);
      if (Array.isArray(blob.layers)) {
        for (const l of blob.layers) {
          const p = blobPath(obj(l)?.digest);
          if (p && !layers.has(p)) layers.set(p, layerName(t, p));
        }
      }
    };
    for (const m of Array.isArray(index.manifests) ? index.manifests : []) visit(m, undefined, 0);
  }
  return layers.size ? layers : null;
}
