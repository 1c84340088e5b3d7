import type { StepKind } from '@atlas-cmk/planner';

/**
 * The typed progress stream of an apply (and of `status` polling). The Ink view, the plain-line renderer and
 * `--format ndjson` are three consumers of this one stream. Events never carry a secret: messages and hints are
 * written by atlas-cmk, request URLs are redacted, and Atlas error bodies are reduced to code and detail.
 * `at` is an ISO-8601 timestamp; `elapsedMs` is measured from the step's start.
 */
export type RunEvent =
  | {
      kind: 'run.started';
      at: string;
      projects: { projectId: string; name: string; steps: StepSummary[] }[];
    }
  | {
      kind: 'step.started';
      at: string;
      projectId: string;
      stepId: string;
      stepKind: StepKind;
      target: string;
      description: string;
    }
  | {
      /** A wait observed a status (one poll of the endpoint or cluster list); also the heartbeat of long waits. */
      kind: 'step.waiting';
      at: string;
      projectId: string;
      stepId: string;
      /** What the step waits for, e.g. `ACTIVE`. */
      until: string;
      /** The status Atlas reports now, e.g. `PENDING_ACCEPTANCE`. */
      observed: string;
      elapsedMs: number;
      deadlineMs: number;
    }
  | {
      /** A person must act (manual approval): the instruction and the exact command to run. */
      kind: 'step.actionRequired';
      at: string;
      projectId: string;
      stepId: string;
      instruction: string;
      command: string;
    }
  | {
      kind: 'step.retrying';
      at: string;
      projectId: string;
      stepId: string;
      attempt: number;
      delayMs: number;
      reason: string;
    }
  | { kind: 'step.succeeded'; at: string; projectId: string; stepId: string; elapsedMs: number; message: string }
  | {
      kind: 'step.failed';
      at: string;
      projectId: string;
      stepId: string;
      elapsedMs: number;
      error: { message: string; errorCode?: string; status?: number; hint?: string };
    }
  | { kind: 'step.skipped'; at: string; projectId: string; stepId: string; reason: string }
  | {
      kind: 'run.finished';
      at: string;
      outcome: 'converged' | 'failed' | 'interrupted';
      elapsedMs: number;
      counts: { succeeded: number; failed: number; skipped: number; pending: number };
      /** What to do next, e.g. "Run atlas-cmk apply again to continue." */
      next?: string;
    };

export interface StepSummary {
  id: string;
  kind: StepKind;
  target: string;
  description: string;
  dependsOn: string[];
}

export type RunEventKind = RunEvent['kind'];
