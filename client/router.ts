import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { setUnauthorizedHandler } from './api/http.ts';
import { useSessionStore } from './stores/session.ts';

/** The pages: the wall, sign-in, password change, wall-token hand-over, people and visits, the assessment, the boundary editor, and administration. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'wall', component: () => import('./views/WallView.vue'), meta: { auth: true } },
    { path: '/login', name: 'login', component: () => import('./views/SignInView.vue') },
    { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { auth: true } },
    { path: '/wall', name: 'wall-open', component: () => import('./views/WallOpenView.vue') },
    { path: '/people', name: 'people', component: () => import('./views/PeopleView.vue'), meta: { auth: true, people: true } },
    { path: '/review', name: 'review', component: () => import('./views/ReviewView.vue'), meta: { auth: true, review: true } },
    { path: '/editor', name: 'editor', component: () => import('./views/EditorView.vue'), meta: { auth: true, boundaries: true } },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue'), meta: { auth: true, admin: true } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

/** Where a page may go given the session; null lets it through. */
async function guard(to: RouteLocationNormalized): Promise<string | null> {
  const session = useSessionStore();
  if (!session.checked) await session.load();
  if (!to.meta.auth) return null;
  if (!session.user) return `/login?next=${encodeURIComponent(to.fullPath)}`;
  if (session.user.mustChangePassword && to.name !== 'password') return '/password';
  if (to.meta.admin && !session.can('users:manage') && !session.can('walltokens:manage')) return '/';
  if (to.meta.people && !session.can('people:read')) return '/';
  if (to.meta.boundaries && !session.can('boundaries:edit')) return '/';
  if (to.meta.review && !session.can('assessment:read')) return '/';
  return null;
}

router.beforeEach(async (to) => (await guard(to)) ?? true);

setUnauthorizedHandler(() => {
  const session = useSessionStore();
  session.user = null;
  void router.push(`/login?next=${encodeURIComponent(router.currentRoute.value.fullPath)}`);
});
