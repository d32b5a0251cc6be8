// The return-home bot in one resource group: an Azure Bot (Teams and Outlook channels), the web
// app that runs it (App Service on Linux, Node 24 LTS, the compiled build), a user-assigned
// managed identity, a Storage account (Tables, reached as that identity: no account key), a Key
// Vault for secrets, and Application Insights on a Log Analytics workspace.
// See deploy/README.md for the commands, the Entra steps and the Graph permissions.
//
// Every app setting the bot reads is set here under the name documented in .env.example; a blank
// value means "use the default". test/deploy/bicep-settings.test.ts checks the names against
// src/config.ts.

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@description('Region for everything except the bot registration (which is global). UK South keeps data in the UK.')
param location string = resourceGroup().location

@description('Short lowercase prefix for resource names, e.g. "returnhome".')
@minLength(3)
@maxLength(12)
param namePrefix string = 'returnhome'

@description('How the bot proves who it is. SingleTenant: an Entra app registration with a client secret (botAppId + botAppPassword). UserAssignedMSI: the managed identity below, no secret.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botAppType string = 'SingleTenant'

@description('SingleTenant only: the Entra app registration\'s application (client) id.')
param botAppId string = ''

@description('SingleTenant only: the app registration\'s client secret. Stored in Key Vault when given; leave empty on later deployments to keep the stored one.')
@secure()
param botAppPassword string = ''

@description('Bot Service pricing tier. F0 is enough for Teams and Outlook (standard channels).')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('App Service plan size. Basic or higher, because the scheduler needs Always On. Basic (B1-B3) runs at most 3 instances, Standard (S1) 10, Premium v3 30.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
])
param appServiceSku string = 'B1'

@description('Web app instances, up to the plan\'s limit: 3 on Basic, 10 on Standard and Premium v3 here. npm run deploy:azure checks it before deploying.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Storage redundancy. ZRS keeps case state through the loss of one datacentre.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('SHAREPOINT_SITE_ID: the SharePoint site that holds the decision lists (hostname,site-guid,web-guid).')
@minLength(1)
param sharePointSiteId string

@description('GRAPH_BASE_URL: Microsoft Graph, without the version.')
param graphBaseUrl string = 'https://graph.microsoft.com'

@description('ORG_NAME: your council\'s name as staff and children know it, such as "Mossbank Council". Required, with no default: it heads every case document and is written into each child\'s "Your time in our care" letter, so a deployment without it stops here rather than giving a bot that refuses to start.')
@minLength(1)
param orgName string

@description('ORG_TIME_ZONE: IANA time zone for dates and deadlines.')
param orgTimeZone string = 'Europe/London'

@description('CASE_RECORD_SYSTEM_NAME: what staff call the case-record system.')
param caseRecordSystemName string = 'the case-record system'

@description('DIRECTOR_TITLE: title of the Director who signs off.')
param directorTitle string = 'Director of Children\'s Services'

@description('ROLES_FILE: the role configuration (JSON). Under /home it survives redeployment; upload it as deploy/README.md shows.')
param rolesFile string = '/home/config/roles.json'

@description('DIRECTOR_SIGN_OFF_POLICY: protocol (only where the protocol requires it) or always.')
@allowed([
  'protocol'
  'always'
])
param directorSignOffPolicy string = 'protocol'

@description('IRO_VIEW_ON_REVISION: ask-again (the IRO gives their view again on a revised assessment) or reuse (the earlier view goes with it).')
@allowed([
  'ask-again'
  'reuse'
])
param iroViewOnRevision string = 'ask-again'

@description('VISIT_REMINDER_DAYS: calendar (the day before each visit is due) or working-days (the working day before).')
@allowed([
  'calendar'
  'working-days'
])
param visitReminderDays string = 'calendar'

@description('REOPEN_WITHIN_DAYS: days after a case closes during which its team manager may reopen it.')
param reopenWithinDays string = '28'

@description('RETENTION_DAYS_AFTER_CLOSE: days after a case closes when the child\'s personal data is erased from the bot\'s own store (the council\'s retention decision; more than REOPEN_WITHIN_DAYS). See the README, "Retention and subject access".')
param retentionDaysAfterClose string = '90'

@description('VISIT_OFFSETS_DAYS: days after the return home on which visits fall due, comma-separated, increasing.')
param visitOffsetsDays string = '3,7,14,21,28'

@description('APPROVAL_REMINDER_WORKING_DAYS')
param approvalReminderWorkingDays string = '2'

@description('APPROVAL_ESCALATION_WORKING_DAYS: more than the reminder.')
param approvalEscalationWorkingDays string = '5'

@description('EXTRA_NON_WORKING_DAYS: closure days on top of bank holidays, YYYY-MM-DD, comma-separated.')
param extraNonWorkingDays string = ''

@description('IRO_CHANNEL_ID: Teams channel id (19:...) for IRO notices; empty for none. Known once the app is installed in the team.')
param iroChannelId string = ''

@description('TEAMS_APP_CATALOG_ID: the app\'s id in the organisation\'s Teams app catalog; set, the bot installs the app through Graph for people who never opened it (grant the bot\'s app TeamsAppInstallation.ReadWriteSelfForUser.All). Empty: use a Teams app setup policy.')
param teamsAppCatalogId string = ''

@description('OUTLOOK_ORIGINATOR_ID: from the Actionable Email Developer Dashboard; empty turns Outlook approvals off.')
param outlookOriginatorId string = ''

@description('MAIL_SENDER_ID: the mailbox actionable mail is sent from; needed with OUTLOOK_ORIGINATOR_ID.')
param mailSenderId string = ''

@description('LOG_LEVEL')
@allowed([
  'debug'
  'info'
  'warn'
  'error'
  'silent'
])
param logLevel string = 'info'

@description('OUTBOX_LEASE_MS: how long an instance holds an outbox item it is delivering before another instance may take it over.')
param outboxLeaseMs string = '90000'

@description('Who is told when an alert fires (the service desk\'s mailbox). Empty: the alerts still fire and show in the portal, but nobody is mailed.')
param alertEmail string = ''

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

param tags object = {
  product: 'return-home-bot'
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var suffix = uniqueString(resourceGroup().id, namePrefix)
var webAppName = '${namePrefix}-${suffix}'
var keyVaultName = 'kv${suffix}'
var storageName = 'st${suffix}'
var useMsiForBot = botAppType == 'UserAssignedMSI'

// Built-in role definition ids.
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'
var storageTableDataContributorRole = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// ---------------------------------------------------------------------------------------------
// Identity, monitoring, secrets, storage
// ---------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id-${suffix}'
  location: location
  tags: tags
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-ai-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // The bot sends no personal data as telemetry; IP addresses are not needed either.
    DisableIpMasking: false
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  sku: {
    name: storageSku
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // No account keys: the bot reaches its tables as the managed identity (Storage Table Data
    // Contributor, below), so there is no key to leak, rotate or keep in Key Vault.
    allowSharedKeyAccess: false
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!useMsiForBot && !empty(botAppPassword)) {
  parent: keyVault
  name: 'bot-app-password'
  properties: {
    value: botAppPassword
  }
}

// The web app reads secrets through Key Vault references, as the managed identity.
resource identityReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRole)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The Tables store signs in as the managed identity (AZURE_TABLES_ACCOUNT_URL + AZURE_CLIENT_ID).
resource identityUsesTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributorRole)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRole)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource keyVaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: keyVault
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// The web app
// ---------------------------------------------------------------------------------------------

var keyVaultReference = '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName='

// Settings the bot reads (src/config.ts, documented in .env.example). PORT is not set: App
// Service gives the app its port in PORT. HOST defaults to 0.0.0.0 once MICROSOFT_APP_ID is set.
var productSettings = [
  {
    name: 'MICROSOFT_APP_ID'
    value: useMsiForBot ? identity.properties.clientId : botAppId
  }
  {
    name: 'MICROSOFT_APP_TENANT_ID'
    value: tenant().tenantId
  }
  {
    name: 'MICROSOFT_APP_TYPE'
    value: botAppType
  }
  {
    name: 'DATA_DIR'
    value: '/home/data'
  }
  {
    // Always Azure Table Storage here: SQLite's write-ahead log fails on App Service's network
    // share (/home), so SQLite is for a VM or container with a local disk.
    name: 'STORE'
    value: 'azure-tables'
  }
  {
    name: 'AZURE_TABLES_ACCOUNT_URL'
    value: storage.properties.primaryEndpoints.table
  }
  {
    name: 'ORG_NAME'
    value: orgName
  }
  {
    name: 'ORG_TIME_ZONE'
    value: orgTimeZone
  }
  {
    name: 'CASE_RECORD_SYSTEM_NAME'
    value: caseRecordSystemName
  }
  {
    name: 'DIRECTOR_TITLE'
    value: directorTitle
  }
  {
    name: 'ROLES_FILE'
    value: rolesFile
  }
  {
    name: 'DIRECTOR_SIGN_OFF_POLICY'
    value: directorSignOffPolicy
  }
  {
    name: 'IRO_VIEW_ON_REVISION'
    value: iroViewOnRevision
  }
  {
    name: 'VISIT_REMINDER_DAYS'
    value: visitReminderDays
  }
  {
    name: 'REOPEN_WITHIN_DAYS'
    value: reopenWithinDays
  }
  {
    name: 'RETENTION_DAYS_AFTER_CLOSE'
    value: retentionDaysAfterClose
  }
  {
    name: 'VISIT_OFFSETS_DAYS'
    value: visitOffsetsDays
  }
  {
    name: 'APPROVAL_REMINDER_WORKING_DAYS'
    value: approvalReminderWorkingDays
  }
  {
    name: 'APPROVAL_ESCALATION_WORKING_DAYS'
    value: approvalEscalationWorkingDays
  }
  {
    name: 'EXTRA_NON_WORKING_DAYS'
    value: extraNonWorkingDays
  }
  {
    name: 'GRAPH_BASE_URL'
    value: graphBaseUrl
  }
  {
    name: 'SHAREPOINT_SITE_ID'
    value: sharePointSiteId
  }
  {
    name: 'GRAPH_AUTH'
    value: 'managed-identity'
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'IRO_CHANNEL_ID'
    value: iroChannelId
  }
  {
    name: 'TEAMS_APP_CATALOG_ID'
    value: teamsAppCatalogId
  }
  {
    name: 'OUTLOOK_ORIGINATOR_ID'
    value: outlookOriginatorId
  }
  {
    name: 'MAIL_SENDER_ID'
    value: mailSenderId
  }
  {
    name: 'LOG_LEVEL'
    value: logLevel
  }
  {
    name: 'OUTBOX_LEASE_MS'
    value: outboxLeaseMs
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
]

// The client secret exists only for a SingleTenant bot; with UserAssignedMSI it must be absent.
var botPasswordSettings = useMsiForBot ? [] : [
  {
    name: 'MICROSOFT_APP_PASSWORD'
    value: '${keyVaultReference}bot-app-password)'
  }
]

// Settings for App Service itself, not read by the bot. No ApplicationInsightsAgent_EXTENSION_VERSION:
// the bot starts Application Insights itself (the Azure Monitor OpenTelemetry distro, when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set), and App Service's agent would only step aside for it.
// The package deployed is already built (dist/, from npm run package:app); App Service's build
// (Oryx) then only installs the production dependencies, for its own Linux and Node, because
// CUSTOM_BUILD_COMMAND replaces both its `npm install` (which would add every devDependency) and
// its `npm run build` (see github.com/microsoft/Oryx, doc/runtimes/nodejs.md).
var platformSettings = [
  {
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'true'
  }
  {
    name: 'CUSTOM_BUILD_COMMAND'
    value: 'npm ci --omit=dev --no-audit --no-fund'
  }
]

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan-${suffix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      // Node 24 LTS (supported to April 2028); CI runs the compiled server's HTTP tests on Node 24.
      linuxFxVersion: 'NODE|24-lts'
      // The compiled server with plain node (what npm run serve runs), without npm in between.
      appCommandLine: 'node dist/server.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(productSettings, botPasswordSettings, platformSettings)
    }
  }
  dependsOn: [
    identityReadsSecrets
    identityUsesTables
  ]
}

// Deploy with Entra ID (az webapp deploy), never with publishing passwords.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// The bot's JSON log lines (stdout) and the HTTP log go to Log Analytics.
resource webAppLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// Alerts: an action group and five rules an operator can act on (README, "Health and alerts")
// ---------------------------------------------------------------------------------------------

resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-alerts-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'returnhome'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'service-desk'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// 1. The bot answers with server errors: App Service's own Http5xx metric.
resource alertServerErrors 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-5xx-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'The bot answered 5 or more requests with a server error (5xx) in 5 minutes: look at the log lines with the same correlation id.'
    severity: 2
    enabled: true
    scopes: [
      webApp.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'http5xx'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'Http5xx'
          operator: 'GreaterThanOrEqual'
          threshold: 5
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: alertGroup.id
      }
    ]
  }
}

// 2. An outbox item was given up on (dead): the bot's outbox.settlements counter
// (src/telemetry/instruments.ts), outcome "dead", as Application Insights keeps it in customMetrics.
resource alertDeadOutbox 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-outbox-dead-${suffix}'
  location: location
  tags: tags
  properties: {
    displayName: 'Outbox items dead-lettered'
    description: 'A message or SharePoint record was given up on after repeated failures. Run: npm run --silent admin -- outbox status; fix the cause; then outbox replay.'
    severity: 1
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "outbox.settlements" and tostring(customDimensions["outbox.outcome"]) == "dead" | summarize dead = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'dead'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        alertGroup.id
      ]
    }
  }
}

// 5. Clicks or commands failing on our side: the bot's bot.turn.failures counter, turn.kind click
// or command (someone waits on each; not the welcome turns a setup-policy rollout sends). Each is
// answered 200 with a card saying what was recorded, so rule 1 (Http5xx) does not see them.
resource alertTurnsFailing 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-turns-failing-${suffix}'
  location: location
  tags: tags
  properties: {
    displayName: 'Clicks and commands failing'
    description: 'Three or more clicks or commands failed on our side in 5 minutes (each person was told whether anything was recorded): look at the traces "turn failed" for their correlation ids and the error.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "bot.turn.failures" and tostring(customDimensions["turn.kind"]) in ("click", "command") | summarize failed = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          operator: 'GreaterThanOrEqual'
          threshold: 3
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        alertGroup.id
      ]
    }
  }
}

// 3. Deliveries failing for 15 minutes: attempts failed (retried or dead) and none delivered.
resource alertDeliveriesFailing 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-deliveries-failing-${suffix}'
  location: location
  tags: tags
  properties: {
    displayName: 'Deliveries failing for 15 minutes'
    description: 'For 15 minutes every attempt to deliver a Teams message, mail or SharePoint record failed: Teams, Graph or the network is down, or the app lost a permission. Nothing is lost; the outbox keeps retrying.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "outbox.settlements" | extend outcome = tostring(customDimensions["outbox.outcome"]) | summarize failed = sumif(valueSum, outcome != "delivered"), delivered = sumif(valueSum, outcome == "delivered") | where delivered == 0 | project failed'
          timeAggregation: 'Total'
          metricMeasureColumn: 'failed'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        alertGroup.id
      ]
    }
  }
}

// 4. Readiness failing: a standard availability test calls /readyz from three regions every
// 5 minutes (503 names what is wrong: the store cannot write, the disk is full, Graph does not
// answer); the alert fires when two locations fail.
resource readinessTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: '${namePrefix}-readyz-${suffix}'
  location: location
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: '${namePrefix}-readyz-${suffix}'
    Name: 'Bot ready (/readyz)'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-gb-db3-azr'
      }
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-fr-pra-edge'
      }
    ]
    Request: {
      RequestUrl: 'https://${webApp.properties.defaultHostName}/readyz'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource alertNotReady 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-not-ready-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'GET /readyz answers 503 (or nothing): its body names the failing check (case store writable, disk space, Microsoft Graph). Clicks are not being recorded while the store cannot write.'
    severity: 1
    enabled: true
    scopes: [
      readinessTest.id
      appInsights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: readinessTest.id
      componentId: appInsights.id
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: alertGroup.id
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------
// The Azure Bot and its channels
// ---------------------------------------------------------------------------------------------

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${suffix}'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'Return home'
    description: 'Guides staff through a child\'s return home from section 20 accommodation.'
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: useMsiForBot ? identity.properties.clientId : botAppId
    msaAppType: botAppType
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: useMsiForBot ? identity.id : null
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Needed for actionable messages (Outlook approvals); the originator is registered separately.
resource outlookChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'OutlookChannel'
  location: 'global'
  properties: {
    channelName: 'OutlookChannel'
  }
}

// Web Chat and Direct Line are created with every Azure Bot. Anyone holding their secret can post
// any Entra object id through them, so they are turned off; the bot also refuses every channel but
// Teams and Outlook (src/http/caller-policy.ts).
resource webChatChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'WebChatChannel'
  location: 'global'
  properties: {
    channelName: 'WebChatChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: false
          isWebchatPreviewEnabled: false
        }
      ]
    }
  }
}

resource directLineChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: false
          isV1Enabled: false
          isV3Enabled: false
        }
      ]
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Outputs: what the next steps need (deploy/README.md)
// ---------------------------------------------------------------------------------------------

@description('BOT_DOMAIN for npm run package:manifest.')
output botDomain string = webApp.properties.defaultHostName

@description('MICROSOFT_APP_ID for npm run package:manifest.')
output microsoftAppId string = useMsiForBot ? identity.properties.clientId : botAppId

output webAppName string = webApp.name
output botName string = bot.name
output keyVaultName string = keyVault.name
output storageAccountName string = storage.name

@description('The managed identity that calls Graph: grant it the Graph application permissions and the SharePoint site.')
output managedIdentityClientId string = identity.properties.clientId
output managedIdentityPrincipalId string = identity.properties.principalId
