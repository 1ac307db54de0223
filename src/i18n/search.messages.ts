// Words of the officer console's search box (issue 14).

export const searchZh = {
  'search.open': '搜索',
  'search.placeholder': '搜索网格、地点、人员、事件、摄像头：名称、拼音、首字母或编号',
  'search.hint': '/ 或 Ctrl+K 打开 · ↑↓ 选择 · Enter 前往 · Esc 关闭',
  'search.empty': '没有找到',
  'search.indexing': '正在建立索引…',
  'search.failed': '搜索不可用：{error}',
  'search.scoped': '人员和事件仅限 {street}',
  'search.kind.street': '街镇',
  'search.kind.community': '社区/村',
  'search.kind.grid': '网格',
  'search.kind.microgrid': '微网格',
  'search.kind.place': '地点',
  'search.kind.building': '楼栋',
  'search.kind.staff': '人员',
  'search.kind.incident': '事件',
  'search.kind.camera': '摄像头',
} as const;

export const searchEn: Record<keyof typeof searchZh, string> = {
  'search.open': 'Search',
  'search.placeholder': 'Search grids, places, people, incidents, cameras: name, pinyin, initials or id',
  'search.hint': '/ or Ctrl+K opens · ↑↓ choose · Enter go · Esc close',
  'search.empty': 'Nothing found',
  'search.indexing': 'Indexing…',
  'search.failed': 'Search unavailable: {error}',
  'search.scoped': 'People and incidents: {street} only',
  'search.kind.street': 'Streets and towns',
  'search.kind.community': 'Communities and villages',
  'search.kind.grid': 'Grids',
  'search.kind.microgrid': 'Micro-grids',
  'search.kind.place': 'Places',
  'search.kind.building': 'Buildings',
  'search.kind.staff': 'People',
  'search.kind.incident': 'Incidents',
  'search.kind.camera': 'Cameras',
};
