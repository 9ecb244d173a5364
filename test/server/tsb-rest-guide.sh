#!/bin/sh
# TSB's REST API guide (reference/rest-api/guide: "Resource creation", "Modify a resource"), as a
# TSB user scripts it with curl and jq: create a tenant with {"name", "tenant"}, read .etag, send
# the object back with it, list .tenants[].fqn, delete. Nothing here is meshbridge-specific.
# Inputs: TSB (https://host:port), ORG, TSB_USER, TSB_PASSWORD; CURL_CA_BUNDLE for a private CA.
set -eu

curl -sSf -u "$TSB_USER:$TSB_PASSWORD" \
    "$TSB/v2/organizations/$ORG/tenants" \
    -X POST -d@- <<EOF2 > created.json
{
    "name": "mytenant",
    "tenant": {
      "displayName": "My tenant",
      "description": "Tenant created using the TSB REST API"
    }
}
EOF2
echo "created $(jq -r .fqn created.json)"

# Modify: GET the latest copy (with its etag), change it locally, PUT it back keeping the etag.
curl -sSf -u "$TSB_USER:$TSB_PASSWORD" \
    "$TSB/v2/organizations/$ORG/tenants/mytenant" \
    -X GET > current.json
ETAG=$(jq -r .etag current.json)
echo "etag $ETAG"
jq '.displayName = "My Modified tenant" | .description = "Modified description"' current.json > modified.json
curl -sSf -u "$TSB_USER:$TSB_PASSWORD" \
    "$TSB/v2/organizations/$ORG/tenants/mytenant" \
    -X PUT -d@modified.json > updated.json
echo "updated $(jq -r .displayName updated.json) etag $(jq -r .etag updated.json)"
test "$(jq -r .etag updated.json)" != "$ETAG"

# The old etag is stale now: TSB refuses the write (409).
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -u "$TSB_USER:$TSB_PASSWORD" \
    "$TSB/v2/organizations/$ORG/tenants/mytenant" -X PUT -d@modified.json)
echo "stale etag answered $STATUS"

# List the organization's tenants.
curl -sSf -u "$TSB_USER:$TSB_PASSWORD" "$TSB/v2/organizations/$ORG/tenants" | jq -r '.tenants[].fqn'

# Delete it (children too).
curl -sSf -u "$TSB_USER:$TSB_PASSWORD" "$TSB/v2/organizations/$ORG/tenants/mytenant" -X DELETE > /dev/null
echo "deleted"
