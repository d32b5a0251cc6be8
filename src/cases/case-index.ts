/** The index entries of a team's or a service's cases (never a person: they give nobody sight of a case). */
export const teamQueue = (team: string): string => `team:${team}`;
export const serviceQueue = (service: string): string => `service:${service}`;
