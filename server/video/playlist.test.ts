import { describe, expect, it } from 'vitest';
import { rewritePlaylist } from './playlist.ts';
import { upstreamTarget } from './upstream-proxy.ts';

const up = new URL('http://10.1.2.3:8080/rtp/34020000001320000001/hls.m3u8?secret=s');

describe('playlist rewrite', () => {
  it('hands a query token on to segment and key URIs, leaving tags alone', () => {
    const text = '#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="key.bin"\n#EXTINF:1.0,\ns1.ts\n#EXTINF:1.0,\ns2.ts?x=1\n';
    expect(rewritePlaylist(text, up, 'T')).toBe(
      '#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="key.bin?token=T"\n#EXTINF:1.0,\ns1.ts?token=T\n#EXTINF:1.0,\ns2.ts?x=1&token=T\n',
    );
    expect(rewritePlaylist(text, up, null)).toBe(text);
  });

  it('makes upstream-absolute URIs relative and drops any that lead elsewhere, with their EXTINF', () => {
    const text = [
      '#EXTM3U',
      '#EXTINF:1.0,',
      'http://10.1.2.3:8080/rtp/34020000001320000001/a.ts',
      '#EXTINF:1.0,',
      '/rtp/34020000001320000001/b.ts',
      '#EXTINF:1.0,',
      'http://10.1.2.3:8080/rtp/other/c.ts',
      '#EXTINF:1.0,',
      '//cdn.example/d.ts',
      '#EXT-X-MAP:URI="https://cdn.example/init.mp4"',
    ].join('\n');
    expect(rewritePlaylist(text, up, null)).toBe('#EXTM3U\n#EXTINF:1.0,\na.ts\n#EXTINF:1.0,\nb.ts\n');
    // a local playlist (no upstream) keeps only relative URIs
    expect(rewritePlaylist('#EXTINF:1,\nhttp://x/a.ts\n#EXTINF:1,\ns1.ts\n', null, null)).toBe('#EXTINF:1,\ns1.ts\n');
  });
});

describe('upstream target', () => {
  it('the entry keeps the upstream query; other files resolve inside the stream directory only', () => {
    expect(upstreamTarget(up, 'hls.m3u8', 'hls.m3u8')!.href).toBe(up.href);
    expect(upstreamTarget(up, 'hls.m3u8', 'seg/1.ts')!.href).toBe(
      'http://10.1.2.3:8080/rtp/34020000001320000001/seg/1.ts',
    );
    for (const bad of ['../x.ts', 'a/../../x.ts', '/etc/passwd', 'http://evil/x', 'a\\..\\x', '//evil/x'])
      expect(upstreamTarget(up, 'hls.m3u8', bad), bad).toBeNull();
  });
});
