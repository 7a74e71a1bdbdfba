/**
 * Small integer ids for service names, so the per-host ring can pack a record's service into 14 bits.
 * The vocabulary is what serviceFor / icmpServiceFor return (70 names); MAX_SERVICE_IDS only bounds
 * memory against a caller that invents names: past it every new name shares the last id.
 */
export const MAX_SERVICE_IDS = 1 << 14;

export class ServiceIds {
  private readonly ids = new Map<string, number>();

  idOf(service: string): number {
    let id = this.ids.get(service);
    if (id === undefined) {
      id = Math.min(this.ids.size, MAX_SERVICE_IDS - 1);
      if (this.ids.size < MAX_SERVICE_IDS) this.ids.set(service, id);
    }
    return id;
  }
}
