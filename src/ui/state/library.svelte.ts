/**
 * The model library: the pretrained set and the fine-tuned versions kept in this browser. Each action
 * runs in the worker once the models are ready; its error is shown in the library panel.
 */
import { messageOf } from '../../lib/util/errors';
import type { LibraryView, ModelInfo } from '../../shared/analysis-api';
import type { WorkerBridge } from '../../worker-bridge';
import { saveBlob } from '../download';
import { PRETRAINED } from '../../lib/training/fine-tune-settings';
import type { EngineState } from './engine.svelte';

export class ModelLibraryState {
  view = $state.raw<LibraryView | null>(null);
  /** The last action's error (rename, delete, import, …). */
  error = $state<string | null>(null);
  busy = $state(false);
  /** What the last delete changed, said once (e.g. which version became active). */
  notice = $state<string | null>(null);

  /** `useModel` switches the app to the model set an activate or delete leaves active. */
  constructor(
    private readonly bridge: WorkerBridge,
    private readonly engine: EngineState,
    private readonly useModel: (model: ModelInfo) => void,
  ) {}

  activateVersion(id: string): Promise<void> {
    return this.act(async () => this.switchTo(await this.bridge.activateVersion(id)));
  }

  /** Deletes a version (the page has asked for confirmation); deleting the active one activates pretrained. */
  deleteVersion(id: string): Promise<void> {
    return this.act(async () => {
      const name = this.nameOf(id);
      const wasActive = this.view?.active === id;
      const r = await this.bridge.deleteVersion(id);
      this.switchTo(r);
      this.notice = wasActive ? `Deleted ${name}; ${r.library.activeName} is now the active version.` : `Deleted ${name}.`;
    });
  }

  renameVersion(id: string, name: string): Promise<void> {
    return this.act(async () => {
      this.view = await this.bridge.renameVersion(id, name);
      const model = this.engine.model;
      if (model?.versionId === id) this.engine.model = { ...model, versionName: name.trim() };
    });
  }

  nameOf(id: string): string {
    return id === PRETRAINED ? 'Pretrained' : (this.view?.versions.find((v) => v.id === id)?.name ?? id);
  }

  importVersion(file: File): Promise<void> {
    return this.act(async () => void (this.view = await this.bridge.importVersion(file)));
  }

  refresh(): Promise<void> {
    return this.act(async () => void (this.view = await this.bridge.library()));
  }

  /** Downloads a version as `<name>.model.json`. */
  exportVersion(id: string): Promise<void> {
    return this.act(async () => {
      const name = this.nameOf(id);
      saveBlob(await this.bridge.exportVersion(id), `${name.replace(/[^\w.-]+/g, '_')}.model.json`);
    });
  }

  private switchTo(r: { library: LibraryView; model: ModelInfo }): void {
    this.view = r.library;
    this.useModel(r.model);
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await this.engine.requireReady();
      await work();
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
    }
  }
}
