export { renderApplyView, type ApplyViewOptions } from './render-apply-view.js';
export { renderPlain, DEFAULT_HEARTBEAT_MS, type PlainRendererOptions } from './plain-renderer.js';
export { renderNdjson, ndjsonLine, type NdjsonRendererOptions } from './ndjson-renderer.js';
export { chooseRenderer, colorFor, type ApplyFormat, type RendererKind } from './select-renderer.js';
export { reduceRun, initialRunState } from './run-state.js';
export type {
  RunState,
  ProjectView,
  StepView,
  StepState,
  StepWait,
  StepError,
  EndpointStatus,
  RunFinish,
} from './run-view-types.js';
