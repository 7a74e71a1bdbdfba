import { HostRing } from './host-ring';
import { WindowTally } from './window-tally';

/** What the windows keep per destination host: its share of W and its ring H. */
export class DestinationHost {
  readonly inWindow = new WindowTally();
  readonly history = new HostRing();
  /** Unique for the engine's lifetime (never reused after eviction), so W's pair keys cannot collide. */
  constructor(readonly id: number) {}
}
