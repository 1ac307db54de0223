import type { ComponentType } from 'react';
import type { SelectionKind } from '../../state/selection.store.ts';
import { CameraPanel } from './CameraPanel.tsx';
import { IncidentPanel } from './IncidentPanel.tsx';
import { PlacePanel } from './PlacePanel.tsx';
import { StaffPanel } from './StaffPanel.tsx';

// The object panels: one component per kind of map object. A layer's pick returns a hit with a
// `kind`; a click on it selects { kind, id } and ObjectPanel shows the component registered here.
// Adding a panel: a component taking { id } in this folder, its kind in SelectionKind
// (src/state/selection.store.ts), and one line below.

export const OBJECT_PANELS: { readonly [K in SelectionKind]?: ComponentType<{ id: string }> } = {
  incident: IncidentPanel,
  camera: CameraPanel,
  staff: StaffPanel,
  place: PlacePanel,
};
