// Types for the few Cesium source modules the tile tests import one by one (the package entry
// pulls in all of Cesium, ~10 s under tsx; these load in well under a second).
declare module '@cesium/engine/Source/Scene/Axis.js' {
  import type { Matrix4 } from '@cesium/engine';
  /** Axis.Y_UP_TO_Z_UP is what Cesium applies to y-up glTF tile content (not in the public d.ts). */
  const Axis: { Y_UP_TO_Z_UP: Matrix4; Z_UP_TO_X_UP: Matrix4; X_UP_TO_Z_UP: Matrix4 };
  export default Axis;
}
declare module '@cesium/engine/Source/Core/Matrix4.js' {
  import { Matrix4 } from '@cesium/engine';
  export default Matrix4;
}
declare module '@cesium/engine/Source/Core/Cartesian3.js' {
  import { Cartesian3 } from '@cesium/engine';
  export default Cartesian3;
}
declare module '@cesium/engine/Source/Core/Cartographic.js' {
  import { Cartographic } from '@cesium/engine';
  export default Cartographic;
}
declare module '@cesium/engine/Source/Core/Transforms.js' {
  import { Transforms } from '@cesium/engine';
  export default Transforms;
}
