/** Following Graph's @odata.nextLink: the link's path and query, below the client's own base and version. */
import assert from 'node:assert/strict';
import { nextPagePath } from '../../src/adapters/graph/next-page';

describe('nextPagePath', () => {
  it("turns Graph's absolute link into the path and query below the version, keeping the skip token as sent", () => {
    const link = 'https://graph.microsoft.com/v1.0/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/transitiveMembers?$select=id,displayName&$top=999&$skiptoken=RFNwdAIAAQAAAC%2B%2F%3D';
    assert.equal(nextPagePath({ value: [], '@odata.nextLink': link }), '/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/transitiveMembers?$select=id,displayName&$top=999&$skiptoken=RFNwdAIAAQAAAC%2B%2F%3D');
  });

  it('takes a national cloud, the local Graph server or a relative link alike, never the host', () => {
    assert.equal(nextPagePath({ '@odata.nextLink': 'https://graph.microsoft.us/v1.0/sites/s/lists/l/items?$skiptoken=abc' }), '/sites/s/lists/l/items?$skiptoken=abc');
    assert.equal(nextPagePath({ '@odata.nextLink': 'http://127.0.0.1:4321/v1.0/groups/g/transitiveMembers?$skiptoken=x' }), '/groups/g/transitiveMembers?$skiptoken=x');
    assert.equal(nextPagePath({ '@odata.nextLink': '/v1.0/groups/g/transitiveMembers?$skiptoken=x' }), '/groups/g/transitiveMembers?$skiptoken=x');
    assert.equal(nextPagePath({ '@odata.nextLink': 'https://evil.example/beta/users?$skiptoken=y' }), '/users?$skiptoken=y');
  });

  it('says there is no next page when the reply has no link', () => {
    assert.equal(nextPagePath({ value: [] }), undefined);
    assert.equal(nextPagePath(null), undefined);
    assert.equal(nextPagePath({ '@odata.nextLink': '' }), undefined);
  });
});
