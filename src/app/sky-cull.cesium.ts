import { Cartesian3, Ellipsoid, IntersectionTests, PerspectiveFrustum, Ray, type Scene } from 'cesium';

// The stars and the sky atmosphere are drawn full-screen every frame, first, and then painted over
// by the ground wherever the view looks down; under SwiftShader that is ~0.2 s of CPU a frame (issue
// 9: frames during a flight's settle are ~1 s each). The wall's views mostly look down at a district
// or a grid: draw the sky only in the frames where some of it is in view, so no picture changes.

/** a little above the top edge, so a sky sliver is never cut */
const MARGIN = 1.05;
const scratchDir = new Cartesian3();
const scratchUp = new Cartesian3();
const scratchRight = new Cartesian3();
const scratchRay = new Ray();
/** the top edge's left corner, middle and right corner */
const EDGE_XS = [-1, 0, 1] as const;

/**
 * Whether a ray along the top edge of a perspective view (left corner, middle, right corner) misses
 * the ellipsoid, i.e. shows sky. Terrain stands above the ellipsoid, so a ray that hits the ellipsoid
 * hits the ground first: a miss is the only way to see sky.
 */
export function topEdgeSeesSky(
  position: Cartesian3,
  direction: Cartesian3,
  up: Cartesian3,
  right: Cartesian3,
  tanHalfFovy: number,
  aspectRatio: number,
  ellipsoid: Ellipsoid = Ellipsoid.WGS84,
): boolean {
  const tanHalfFovx = tanHalfFovy * aspectRatio;
  for (const x of EDGE_XS) {
    Cartesian3.multiplyByScalar(up, tanHalfFovy * MARGIN, scratchUp);
    Cartesian3.multiplyByScalar(right, x * tanHalfFovx * MARGIN, scratchRight);
    Cartesian3.add(direction, scratchUp, scratchDir);
    Cartesian3.add(scratchDir, scratchRight, scratchDir);
    Cartesian3.normalize(scratchDir, scratchDir);
    Cartesian3.clone(position, scratchRay.origin);
    Cartesian3.clone(scratchDir, scratchRay.direction);
    if (!IntersectionTests.rayEllipsoid(scratchRay, ellipsoid)) return true;
  }
  return false;
}

/** Shows the sky box and atmosphere only in frames whose view has sky; returns the remover. */
export function cullSkyOutOfView(scene: Scene): () => void {
  return scene.preRender.addEventListener(() => {
    const camera = scene.camera;
    const f = camera.frustum;
    // an off-centre frustum (a tile of a spliced wall) sees another window than the centred
    // formula says: keep its sky as Cesium draws it
    const centred = f instanceof PerspectiveFrustum && f.constructor === PerspectiveFrustum;
    const fovy = centred ? f.fovy : undefined;
    const aspect = centred ? f.aspectRatio : undefined;
    const show =
      fovy === undefined ||
      aspect === undefined ||
      topEdgeSeesSky(
        camera.positionWC,
        camera.directionWC,
        camera.upWC,
        camera.rightWC,
        Math.tan(fovy / 2),
        aspect,
        scene.ellipsoid,
      );
    // SkyBox has a `show` flag (SkyBox.js) that its typings leave out
    if (scene.skyBox) (scene.skyBox as unknown as { show: boolean }).show = show;
    if (scene.skyAtmosphere) scene.skyAtmosphere.show = show;
  });
}
