/** Which main view is showing once a profile is unlocked. Reset to the case list on lock. */
import { create } from 'zustand';

export type View = 'cases' | 'interviews' | 'settings' | 'updates' | 'sync' | 'directory' | 'referrals' | 'network' | 'referral-templates';

type NavState = { view: View; go: (view: View) => void };

export const useNav = create<NavState>()((set) => ({
  view: 'cases',
  go: (view) => set({ view })
}));
