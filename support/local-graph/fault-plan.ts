/**
 * Injected faults for the local Graph server: error statuses (before or after the operation is
 * applied) and added latency, each for the next N matching operations or for a time window.
 * An "operation" is a top-level request or one $batch sub-request.
 */

export interface FaultTarget {
  method: string;
  /** Path below the version segment: `/sites/x/lists/y/items`. */
  path: string;
  inBatch: boolean;
}

export type FaultMatcher = (target: FaultTarget) => boolean;

export interface FaultWindow {
  /** How many matching operations to affect. Default 1 when `forMs` is not given either. */
  times?: number;
  /** Affect every matching operation for this long. */
  forMs?: number;
  /** Which operations are affected (default: all). */
  match?: FaultMatcher;
}

export interface StatusFault extends FaultWindow {
  status: number;
  /** Sent as the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /**
   * Apply the operation first, then answer with the error — the reply is lost after the change
   * was made, as when a gateway times out. The client cannot tell it succeeded.
   */
  afterApply?: boolean;
  /** With afterApply on a top-level request: destroy the connection instead of answering. */
  dropConnection?: boolean;
}

export interface LatencyFault extends FaultWindow {
  ms: number;
}

interface ActiveRule<T> {
  fault: T;
  remaining: number;
  until: number;
}

export class FaultPlan {
  private statusRules: Array<ActiveRule<StatusFault>> = [];
  private latencyRules: Array<ActiveRule<LatencyFault>> = [];

  addStatus(fault: StatusFault): void {
    this.statusRules.push(activate(fault));
  }

  addLatency(fault: LatencyFault): void {
    this.latencyRules.push(activate(fault));
  }

  clear(): void {
    this.statusRules = [];
    this.latencyRules = [];
  }

  /** The status fault to answer with, consuming one use of it. */
  takeStatus(target: FaultTarget, afterApply: boolean): StatusFault | undefined {
    const rule = this.statusRules.find((r) => live(r) && (r.fault.afterApply ?? false) === afterApply && matches(r.fault, target));
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  /** Total added latency for this operation, consuming one use of each matching rule. */
  takeLatencyMs(target: FaultTarget): number {
    let total = 0;
    for (const rule of this.latencyRules) {
      if (live(rule) && matches(rule.fault, target)) {
        rule.remaining -= 1;
        total += rule.fault.ms;
      }
    }
    return total;
  }
}

function activate<T extends FaultWindow>(fault: T): ActiveRule<T> {
  const byTime = fault.forMs !== undefined;
  return {
    fault,
    remaining: fault.times ?? (byTime ? Number.POSITIVE_INFINITY : 1),
    until: byTime ? Date.now() + (fault.forMs ?? 0) : Number.POSITIVE_INFINITY,
  };
}

function live(rule: ActiveRule<FaultWindow>): boolean {
  return rule.remaining > 0 && Date.now() < rule.until;
}

function matches(fault: FaultWindow, target: FaultTarget): boolean {
  return fault.match ? fault.match(target) : true;
}
