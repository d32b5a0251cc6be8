/**
 * A small council whose people hold several parts, for the walks of test/conversations/several-parts:
 * a team manager who also carries cases (Morgan), a Head of Service who is also a Director (Hollis),
 * a team manager who is the Head of Service's deputy in March 2026 (Taylor), a person who is both a
 * social worker and an IRO (Riley), and a second team, IRO and Head of Service to hand parts to.
 */
import type { RoleConfig } from '../../../src/cases/role-config';

export const SP = {
  sw: { id: 'sw-1', name: 'Sam Social' },
  sw2: { id: 'sw-2', name: 'Sasha Worker' },
  tm: { id: 'tm-1', name: 'Taylor Manager' },
  morgan: { id: 'swtm-1', name: 'Morgan Manager' },
  tm2: { id: 'tm-2', name: 'Toni Manager' },
  hos: { id: 'hos-1', name: 'Harper Head' },
  hos2: { id: 'hos-2', name: 'Hollis Head' },
  director: { id: 'dir-1', name: 'Dana Director' },
  iro: { id: 'iro-1', name: 'Indra Reviewer' },
  iro2: { id: 'iro-2', name: 'Ivo Reviewer' },
  riley: { id: 'both-1', name: 'Riley Both' },
  iroManager: { id: 'irom-1', name: 'Imogen Iro-Manager' },
  cpt: { id: 'cpt-1', name: 'Casey Placements' },
};

export const SEVERAL_PARTS = {
  teams: [
    { name: 'Assessment North', managers: { users: [SP.tm, SP.morgan] }, members: { users: [SP.sw, SP.sw2, SP.riley] } },
    { name: 'Assessment South', managers: { users: [SP.tm2] }, members: { users: [] } },
  ],
  services: [{ name: 'Early Help', headsOfService: { users: [SP.hos, SP.hos2] }, teams: ['Assessment North', 'Assessment South'] }],
  iroService: { iros: { users: [SP.iro, SP.iro2, SP.riley] }, manager: { users: [SP.iroManager] } },
  director: { users: [SP.director, SP.hos2] },
  placementTeam: { users: [SP.cpt] },
  deputies: [{ role: 'head-of-service', deputy: SP.tm, for: SP.hos, from: '2026-03-01', to: '2026-03-31' }],
} as unknown as RoleConfig;
