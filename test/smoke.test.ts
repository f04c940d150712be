import { Application } from '@microsoft/teams-ai';
import { CloudAdapter } from 'botbuilder';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient } from 'mongodb';
import { Query } from 'mingo';
import { z } from 'zod';
import * as AC from 'adaptivecards';

test('imports', () => {
  expect(typeof Application).toBe('function');
  expect(typeof CloudAdapter).toBe('function');
  expect(typeof Agenda).toBe('function');
  expect(typeof MongoBackend).toBe('function');
  expect(typeof MongoClient).toBe('function');
  expect(new Query({ a: 1 }).test({ a: 1 })).toBe(true);
  expect(z.string().parse('x')).toBe('x');
  expect(typeof AC.AdaptiveCard).toBe('function');
});
