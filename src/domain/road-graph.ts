// Routing over the district road network, shared by the simulator (server) and the wall (browser):
// "nearest free staff, with an ETA along the roads". Pure and dependency-free so both can bundle it.
// Coordinates are projected once to a local equirectangular plane in metres: at district scale
// (tens of km) the error against geodesic distance is far below road-width noise, and it keeps
// snapping and the A* heuristic to plain arithmetic.
export * from './road-graph.build.ts';
export * from './road-graph.route.ts';
