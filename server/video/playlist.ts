import { VIDEO_TOKEN_QUERY } from '../../src/protocol/video.schema.ts';

// HLS playlists pass through the proxy rewritten, for two reasons:
// - a <video> element (native HLS) resolves segment URIs against the playlist but drops its query,
//   so a playlist fetched with ?token= hands the token on to every URI it lists;
// - a media server may write absolute URIs (its own host on the video network): those under the
//   camera's upstream directory become relative (so they come back through the proxy), anything
//   else is dropped, because no browser request may go anywhere but our origin.

/** The directory part of an upstream URL, for "is this URI under the camera's stream?" */
export function dirOf(url: URL): string {
  return url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
}

function rewriteUri(uri: string, upstream: URL | null, token: string | null): string | null {
  let out = uri;
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('//')) {
    if (!upstream) return null;
    let abs: URL;
    try {
      abs = new URL(uri, upstream);
    } catch {
      return null;
    }
    const dir = dirOf(upstream);
    if (abs.origin !== upstream.origin || !abs.pathname.startsWith(dir)) return null;
    out = abs.pathname.slice(dir.length) + abs.search;
  } else if (uri.startsWith('/')) {
    // root-relative: relative to the media server's root, which is not ours
    if (!upstream) return null;
    const dir = dirOf(upstream);
    if (!uri.startsWith(dir)) return null;
    out = uri.slice(dir.length);
  }
  if (token) out += `${out.includes('?') ? '&' : '?'}${VIDEO_TOKEN_QUERY}=${encodeURIComponent(token)}`;
  return out;
}

/**
 * Rewrites every URI of an HLS playlist (segment lines and URI="..." attributes). A segment whose
 * URI is dropped takes its #EXTINF with it; a tag whose URI is dropped is removed.
 */
export function rewritePlaylist(text: string, upstream: URL | null, token: string | null): string {
  const out: string[] = [];
  let pendingInf: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (pendingInf !== null) out.push(pendingInf);
      pendingInf = null;
      if (line.startsWith('#EXTINF')) {
        pendingInf = line;
        continue;
      }
      let dropped = false;
      const tag = line.replace(/URI="([^"]*)"/g, (_m, uri: string) => {
        const r = rewriteUri(uri, upstream, token);
        if (r === null) dropped = true;
        return `URI="${r ?? ''}"`;
      });
      if (!dropped) out.push(tag);
      continue;
    }
    const r = rewriteUri(line, upstream, token);
    if (r !== null) {
      if (pendingInf !== null) out.push(pendingInf);
      out.push(r);
    }
    pendingInf = null;
  }
  if (pendingInf !== null) out.push(pendingInf);
  return out.join('\n') + '\n';
}

export const isPlaylist = (file: string, contentType?: string | null) =>
  file.toLowerCase().endsWith('.m3u8') || /mpegurl/i.test(contentType ?? '');
