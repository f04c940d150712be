/** Settings a team sets for itself in Teams (today: the number of homes a housing provider owns, for NM01). */
import type { Collection, Db } from 'mongodb';

interface TeamSettingsDocument {
  _id: string;
  homes?: number;
  updatedAt: Date;
  updatedBy: string;
}

export class TeamSettings {
  private readonly collection: Collection<TeamSettingsDocument>;

  constructor(db: Db) {
    this.collection = db.collection<TeamSettingsDocument>('teamSettings');
  }

  async homes(teamId: string): Promise<number | undefined> {
    return (await this.collection.findOne({ _id: teamId }))?.homes;
  }

  async setHomes(teamId: string, homes: number, by: string, at: Date): Promise<void> {
    await this.collection.updateOne({ _id: teamId }, { $set: { homes, updatedAt: at, updatedBy: by } }, { upsert: true });
  }
}
