import { useSelection } from '../wall-context.ts';
import { OBJECT_PANELS } from './panel.registry.ts';

/** The panel of the selected map object (incident, camera, person, place…), if any. */
export function ObjectPanel() {
  const sel = useSelection();
  const Panel = sel ? OBJECT_PANELS[sel.kind] : undefined;
  return sel && Panel ? <Panel key={`${sel.kind}:${sel.id}`} id={sel.id} /> : null;
}
