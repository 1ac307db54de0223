/**
 * A scene is data: where the camera goes, which layers show (with their options) and what is
 * focused. District overview, a street's briefing, an incident close-up are all just scene files.
 */
export type SceneCamera =
  | { fit: 'focus'; heading: number; pitch: number }
  | { position: [number, number, number]; heading: number; pitch: number };

export interface SceneLayer {
  visible: boolean;
  /** Everything else is layer-specific (grids: metric, level) and validated by the layer. */
  [option: string]: unknown;
}

export type SceneFocus = { level: 'district' } | { id: string };

export interface WallScene {
  version: 1;
  id: string;
  title?: { 'zh-CN'?: string; en?: string };
  camera: SceneCamera;
  layers: Record<string, SceneLayer>;
  focus: SceneFocus;
  /** Seconds for the camera flight; 0 jumps. */
  durationS?: number;
}
