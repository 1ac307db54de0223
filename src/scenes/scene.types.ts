// Scene types live with the schema in src/protocol/scene.schema.ts (the server validates the same
// files); re-exported here for the wall's code that thinks in scenes.
export type {
  LayerFilter,
  SceneCamera,
  SceneFocus,
  SceneLayerV2 as SceneLayer,
  WallScene,
} from '../protocol/scene.schema.ts';
