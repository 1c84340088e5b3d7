export { renderApplyView, type ApplyViewOptions } from './render-apply-view.js';
export { renderPlain, DEFAULT_HEARTBEAT_MS, type PlainRendererOptions } from './plain-renderer.js';
export { renderNdjson, ndjsonLine, type NdjsonRendererOptions } from './ndjson-renderer.js';
export { chooseRenderer, colorFor, type ApplyFormat, type RendererKind } from './select-renderer.js';
export {
  reduceRun,
  INITIAL_RUN_STATE,
  type RunState,
  type StepState,
  type StepView,
  type ProjectView,
} from './run-state.js';
