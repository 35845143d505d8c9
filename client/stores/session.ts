import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { fetchSession, postLogin, postLogout, postPassword, postWallToken, type SessionInfo, type SessionUser } from '../api/auth.ts';
import { ApiError, setCsrfToken } from '../api/http.ts';

/** Who is signed in. The CSRF token lives in memory only; nothing personal goes to storage. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  const checked = ref(false);

  function adopt(info: SessionInfo | null): void {
    user.value = info?.user ?? null;
    setCsrfToken(info?.csrfToken ?? null);
    checked.value = true;
  }

  /** Asks the server whether the cookie still holds a session. */
  async function load(): Promise<SessionUser | null> {
    try {
      adopt(await fetchSession());
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      adopt(null);
    }
    return user.value;
  }

  async function login(username: string, password: string): Promise<void> {
    adopt(await postLogin(username, password));
  }

  async function openWall(token: string): Promise<void> {
    adopt(await postWallToken(token));
  }

  async function changePassword(current: string, next: string): Promise<void> {
    await postPassword(current, next);
    await load();
  }

  /** Signs out and reloads the page so every store and socket starts empty. */
  async function logout(): Promise<void> {
    await postLogout().catch(() => undefined);
    adopt(null);
    window.location.assign('/login');
  }

  const can = (permission: string): boolean => user.value?.permissions.includes(permission) ?? false;
  const isWall = computed(() => user.value?.kind === 'wall' || user.value?.role === 'wall');

  return { user, checked, isWall, load, login, openWall, changePassword, logout, can };
});
