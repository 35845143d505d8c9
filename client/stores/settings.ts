import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_HOUSEHOLDS_PER_WORKER } from '../../server/settings/settings-contract.ts';
import { fetchStandards, type Standards } from '../api/settings.ts';

/** The configured standards (households per worker), read once: the wall, the editor and every chart measure against them. */
export const useSettingsStore = defineStore('settings', () => {
  const standards = ref<Standards>({ householdsPerWorker: DEFAULT_HOUSEHOLDS_PER_WORKER });
  let loading: Promise<void> | null = null;

  /** Loads the standards (once; later calls share the first). */
  function loadStandards(): Promise<void> {
    loading ??= fetchStandards().then(
      (s) => void (standards.value = s),
      () => void (loading = null),
    );
    return loading;
  }

  return { standards, loadStandards };
});
