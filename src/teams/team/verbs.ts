/** The verbs of the `team` card (admins). */
export const TeamVerbs = {
  show: 'team.show',
  save: 'team.saveMember',
  remove: 'team.removeMember',
  areasForm: 'team.areasForm',
  saveAreas: 'team.saveAreas',
  newTeamForm: 'team.newTeamForm',
  createTeam: 'team.create',
} as const;

export const teamFields = { person: 'memberPerson', objectId: 'memberObjectId', name: 'memberName', roles: 'memberRoles', agency: 'memberAgency', areas: 'memberAreas', memberId: 'memberId', teamAreas: 'teamAreas', newTeamName: 'newTeamName' } as const;
