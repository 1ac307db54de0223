// The search engine against what a duty officer types. The expected readings below are written by
// hand from the dictionary (not taken from the pinyin library), so a library that dropped a reading
// of a polyphone would fail here.
import { describe, expect, it } from 'vitest';
import { buildIndex, LiveKeys, searchLive, StaticSearcher, mergeHits } from './search.index.ts';
import { buildKey, matchKey, parseQuery } from './search.match.ts';
import { TIER, type SearchDoc } from './search.types.ts';

const doc = (kind: SearchDoc['kind'], id: string, name: string, streetId: string | null = 'S01'): SearchDoc => ({
  kind,
  id,
  name,
  streetId,
});
const tierOf = (name: string, q: string, id = 'X1') =>
  matchKey(buildKey(doc('grid', id, name)), parseQuery(q))?.tier ?? null;

// Real place names of Qianjiang district (黔江区), with every way a person may type them.
const QIANJIANG: [name: string, typed: string[]][] = [
  ['城东街道', ['chengdong', 'cdjd', 'chengdongjiedao', '城东', 'chengd']],
  ['阿蓬江镇', ['apengjiang', 'epengjiang', 'apjz', 'epjz']], // 阿: ā / ē
  ['石会镇', ['shihui', 'shikuai', 'danhui', 'shz', 'skz']], // 石: shí / dàn; 会: huì / kuài
  ['杉岭乡', ['shanling', 'shaling', 'slx']], // 杉: shān / shā
  ['冯家街道', ['fengjia', 'pingjia', 'fjjd']], // 冯: féng / píng
  ['濯水镇', ['zhuoshui', 'zsz']],
  ['马喇镇', ['mala', 'mlz']],
  ['小南海镇', ['xiaonanhai', 'xnhz', 'xiaonh']],
  ['重庆市黔江区', ['chongqing', 'zhongqing', 'cqsqjq', 'qianjiang']], // 重: chóng / zhòng
  ['人和第2网格', ['renhe', 'renhuo', 'rhd2wg', 'renhd2', '人和d2', 'renhedi2wangge']], // 和: hé / huò
];

describe('pinyin matching on Qianjiang names', () => {
  for (const [name, typed] of QIANJIANG) {
    for (const q of typed) {
      it(`${q} finds ${name}`, () => {
        expect(tierOf(name, q)).not.toBeNull();
      });
    }
  }
  it('does not find names that do not contain the letters', () => {
    expect(tierOf('城东街道', 'xinan')).toBeNull();
    expect(tierOf('石会镇', 'shiz2')).toBeNull();
    expect(tierOf('阿蓬江镇', 'pengjiangz2')).toBeNull();
  });
  it('finds a number inside a name ("第2" by "2") and a camera by the digits of its id', () => {
    expect(tierOf('人和第2网格', '2')).toBe(TIER.contains);
    expect(tierOf('官渡路与官渡路交叉口', '0412', 'C00412')).toBe(TIER.contains);
    expect(tierOf('人和第12网格', '2')).toBe(TIER.contains);
    expect(tierOf('人和第1网格', '2')).toBeNull();
  });
  it('accepts ü typed as v or u (女 in 女子学校)', () => {
    expect(tierOf('女子学校', 'nvzi')).not.toBeNull();
    expect(tierOf('女子学校', 'nuzi')).not.toBeNull();
  });
});

describe('tiers (hand-computed for each case)', () => {
  it.each([
    ['S01-C03-G02', 's01-c03-g02', TIER.exactId],
    ['S01-C03-G02', 's01c03g02', TIER.exactId],
    ['S01-C03-G02', 'S01-C03', TIER.prefix],
    ['S01-C03-G02', 'c03-g0', TIER.contains],
  ])('id %s typed %s', (id, q, tier) => {
    expect(tierOf('某网格', q, id)).toBe(tier);
  });
  it.each([
    ['人和第2网格', '人和第2网格', TIER.exactName],
    ['人和第2网格', 'renhedi2wangge', TIER.exactName],
    ['人和第2网格', 'renhe', TIER.prefix],
    ['人和第2网格', '人和', TIER.prefix],
    ['人和第2网格', 'renhed', TIER.prefix],
    ['人和第2网格', 'rhd2wg', TIER.initials],
    ['人和第2网格', 'wg', TIER.initials],
    ['人和第2网格', 'wangge', TIER.contains],
    ['人和第2网格', '网格', TIER.contains],
    ['人和第2网格', 'rh2', TIER.fuzzy],
    ['人和第2网格', 'rhwg', TIER.fuzzy],
  ])('%s typed %s', (name, q, tier) => {
    expect(tierOf(name, q)).toBe(tier);
  });
});

describe('ranking and scope over an index', () => {
  const docs: SearchDoc[] = [
    doc('grid', 'S01-C03-G02', '人和第2网格'),
    doc('grid', 'S01-C03-G12', '人和第12网格'),
    doc('community', 'S01-C03', '人和社区'),
    doc('place', 'L000007', '仁和小学'), // 仁和 also reads renhe: same letters, other characters
    doc('grid', 'S02-C01-G02', '城南第2网格', 'S02'),
    doc('camera', 'C00412', '人和路口'),
  ];
  const searcher = new StaticSearcher(buildIndex(docs));
  const ids = (q: string, scope: string | null = null) =>
    searcher.search(q, { scope: { streetId: scope } }).map((h) => h.doc.id);

  it('exact id beats exact name beats prefix beats initials beats fuzzy', () => {
    expect(ids('s01-c03-g02')[0]).toBe('S01-C03-G02');
    expect(ids('rhd2wg')[0]).toBe('S01-C03-G02');
    // prefix: the shorter names first, then the kinds in their order
    // (人和社区, 4 characters: community; 仁和小学 and 人和路口, 4: place before camera; then the grids)
    expect(ids('renhe')).toEqual(['S01-C03', 'L000007', 'C00412', 'S01-C03-G02', 'S01-C03-G12']);
  });
  it('narrowing while typing gives the same hits as a fresh search', () => {
    const typed = ['r', 're', 'ren', 'renh', 'renhe', 'renhed', 'renhedi2'].map((q) => ids(q));
    const fresh = new StaticSearcher(buildIndex(docs)).search('renhedi2').map((h) => [h.doc.id, h.tier]);
    expect(typed.at(-1)).toEqual(fresh.map(([id]) => id));
    // 第12 holds the 2 after a skipped 1: found, but only as a gapped (fuzzy) match
    expect(fresh).toEqual([
      ['S01-C03-G02', TIER.prefix],
      ['S01-C03-G12', TIER.fuzzy],
    ]);
  });
  it('scope hides other streets’ people and incidents, never areas or places', () => {
    const live = [
      { ...doc('staff', 'W00001', '黎英军'), extra: ['网格员'] },
      { ...doc('staff', 'W00002', '黎英俊', 'S02'), extra: ['网格员'] },
      doc('incident', 'INC-S02-0001', '邻里纠纷', 'S02'),
    ];
    const keys = new LiveKeys();
    expect(searchLive(live, keys, 'lyj', { scope: { streetId: 'S01' } }).map((h) => h.doc.id)).toEqual(['W00001']);
    expect(searchLive(live, keys, 'lyj', { scope: { streetId: null } }).map((h) => h.doc.id)).toEqual([
      'W00001',
      'W00002',
    ]);
    expect(searchLive(live, keys, 'inc-s02', { scope: { streetId: 'S01' } })).toEqual([]);
    expect(ids('chengnan', 'S01')).toEqual(['S02-C01-G02']);
  });
  it('a live incident added between two keystrokes is found on the next one', () => {
    const keys = new LiveKeys();
    const live: SearchDoc[] = [];
    expect(searchLive(live, keys, 'INC-S01-0042')).toEqual([]);
    live.push(doc('incident', 'INC-S01-0042', '高空抛物'));
    const hits = searchLive(live, keys, 'INC-S01-0042');
    expect(hits.map((h) => [h.doc.id, h.tier])).toEqual([['INC-S01-0042', TIER.exactId]]);
    const merged = mergeHits(6, searcher.search('gaokong'), searchLive(live, keys, 'gaokong'));
    expect(merged.map((h) => h.doc.id)).toEqual(['INC-S01-0042']);
  });
  it('keeps at most perKind hits of each kind', () => {
    const many = Array.from({ length: 20 }, (_, i) => doc('grid', `S01-C01-G${i + 1}`, `解放第${i + 1}网格`));
    const hits = new StaticSearcher(buildIndex(many)).search('jiefang', { perKind: 5 });
    expect(hits).toHaveLength(5);
    expect(hits.map((h) => h.doc.name)).toEqual([
      '解放第1网格',
      '解放第2网格',
      '解放第3网格',
      '解放第4网格',
      '解放第5网格',
    ]);
  });
});
