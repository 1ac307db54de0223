// Text encodings of district files. Chinese GIS and video-platform exports are UTF-8 or GBK, and
// rarely say which: bytes that are not valid UTF-8 are taken as GBK (GB18030 decodes GBK and
// GB2312 alike), and the manifest's "encoding" overrides the guess.

import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'gbk';

export function normalizeEncoding(name: string | undefined): TextEncodingName | null {
  if (!name) return null;
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  if (n === 'utf8' || n === 'utf-8') return 'utf-8';
  if (['gbk', 'gb2312', 'gb18030', 'cp936', '936'].includes(n)) return 'gbk';
  throw new Error(`unknown encoding "${name}" (use utf-8 or gbk)`);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  try {
    strictUtf8.decode(bytes);
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
  if (encoding === 'gbk') return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Decodes a whole text file (CSV, GeoJSON) with the forced or detected encoding. */
export function decodeFile(
  bytes: Uint8Array,
  forced: TextEncodingName | null,
): { text: string; encoding: TextEncodingName } {
  const encoding = forced ?? detectEncoding(bytes);
  return { text: decodeText(bytes, encoding), encoding };
}
