/** The ASB teams and their members, in MongoDB (collections `asbTeams` and `teamMembers`). */
import type { Collection, Db } from 'mongodb';
import { asbTeamSchema, teamMemberSchema, type AsbTeam, type TeamMember } from '../domain/access/roster.js';
import { readsTogether, type ReadsTogether } from './readsTogether.js';

type TeamDocument = Omit<AsbTeam, 'id'> & { _id: string };
type MemberDocument = TeamMember & { _id: string };

const memberKey = (tenantId: string, id: string) => `${tenantId}:${id.toLowerCase()}`;
const toTeam = ({ _id, ...rest }: TeamDocument): AsbTeam => asbTeamSchema.parse({ id: _id, ...rest });
const toMember = ({ _id, ...rest }: MemberDocument): TeamMember => teamMemberSchema.parse(rest);

export class RosterRepository {
  private readonly teams: Collection<TeamDocument>;
  private readonly members: Collection<MemberDocument>;

  /** Reads that start together with others go as one aggregate (readsTogether.ts). */
  private readonly reads: ReadsTogether;

  constructor(db: Db) {
    this.teams = db.collection<TeamDocument>('asbTeams');
    this.reads = readsTogether(db);
    this.members = db.collection<MemberDocument>('teamMembers');
  }

  async ensureIndexes(): Promise<void> {
    await this.teams.createIndex({ tenantId: 1, name: 1 });
    await this.members.createIndex({ teamId: 1, name: 1 });
  }

  /** A person is on at most one team in their tenant. */
  async member(tenantId: string, id: string): Promise<TeamMember | undefined> {
    const doc = await this.members.findOne({ _id: memberKey(tenantId, id) });
    return doc ? toMember(doc) : undefined;
  }

  async membersOf(teamId: string, limit = 500): Promise<TeamMember[]> {
    return (await this.members.find({ teamId }).sort({ name: 1 }).limit(limit).toArray()).map(toMember);
  }

  async withRole(teamId: string, role: TeamMember['roles'][number]): Promise<TeamMember[]> {
    return (await this.members.find({ teamId, roles: role }).limit(500).toArray()).map(toMember);
  }

  async putMember(member: TeamMember): Promise<void> {
    const parsed = teamMemberSchema.parse({ ...member, id: member.id.toLowerCase() });
    await this.members.replaceOne({ _id: memberKey(parsed.tenantId, parsed.id) }, parsed, { upsert: true });
  }

  /** Adds the member unless they are already on a team; returns whoever is stored. */
  async addMemberOnce(member: TeamMember): Promise<TeamMember> {
    const parsed = teamMemberSchema.parse({ ...member, id: member.id.toLowerCase() });
    await this.members.updateOne({ _id: memberKey(parsed.tenantId, parsed.id) }, { $setOnInsert: parsed }, { upsert: true });
    return (await this.member(parsed.tenantId, parsed.id)) ?? parsed;
  }

  async removeMember(tenantId: string, id: string): Promise<void> {
    await this.members.deleteOne({ _id: memberKey(tenantId, id) });
  }

  async team(id: string): Promise<AsbTeam | undefined> {
    const doc = await this.reads.findOne(this.teams, { _id: id });
    return doc ? toTeam(doc) : undefined;
  }

  async teamsInTenant(tenantId: string): Promise<AsbTeam[]> {
    return (await this.teams.find({ tenantId }).sort({ name: 1 }).limit(100).toArray()).map(toTeam);
  }

  /** Stores the team unless a team with this id exists; returns the stored one. */
  async addTeamOnce(team: AsbTeam): Promise<AsbTeam> {
    const { id, ...rest } = asbTeamSchema.parse(team);
    await this.teams.updateOne({ _id: id }, { $setOnInsert: rest }, { upsert: true });
    return (await this.team(id)) ?? team;
  }

  async setCaseReviewSettings(teamId: string, settings: NonNullable<AsbTeam['caseReview']>): Promise<void> {
    await this.teams.updateOne({ _id: teamId }, { $set: { caseReview: asbTeamSchema.shape.caseReview.unwrap().parse(settings) } });
  }

  async setAreas(teamId: string, areas: AsbTeam['areas']): Promise<void> {
    await this.teams.updateOne({ _id: teamId }, { $set: { areas: asbTeamSchema.shape.areas.parse(areas) } });
  }
}
