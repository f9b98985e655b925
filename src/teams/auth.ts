// Bot Framework authentication from the config: JWTs on /api/messages checked against the Bot
// Connector's OpenID keys (single-tenant by default), or none at all without an app id (only with
// TEAMS_ALLOW_UNAUTHENTICATED=true, for a local client: see src/teams/index.ts).
import {
  type Activity,
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from "botbuilder";
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from "botframework-connector";
import type { Config } from "../config/env.js";
import { tenantOf } from "./references.js";

export interface TeamsAuthOptions {
  /**
   * Outbound credentials (how the bot gets tokens to call the Bot Connector). Default: the app
   * password from the config. Certificate or managed-identity factories plug in here.
   */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

export function createTeamsAuthentication(config: Config, opts: TeamsAuthOptions = {}): BotFrameworkAuthentication {
  // Without an app id botbuilder disables authentication; its SingleTenant check would refuse that.
  const settings: ConfigurationBotFrameworkAuthenticationOptions = config.MICROSOFT_APP_ID
    ? {
        MicrosoftAppId: config.MICROSOFT_APP_ID,
        MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? "",
        MicrosoftAppType: config.MICROSOFT_APP_TYPE,
        MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? "",
      }
    : { MicrosoftAppId: "", MicrosoftAppPassword: "", MicrosoftAppType: "MultiTenant" };
  if (config.MICROSOFT_OPENID_METADATA_URL) {
    // botbuilder treats any one endpoint setting as "all of them are explicit": give the public
    // cloud's values for the rest so that only the channel's key document moves.
    Object.assign(settings, {
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: config.MICROSOFT_OPENID_METADATA_URL,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  }
  return new NoRetryAuthentication(new ConfigurationBotFrameworkAuthentication(settings, opts.credentialsFactory));
}

/** The audience of outbound calls to the Bot Connector (createConversation needs it). */
export const CONNECTOR_AUDIENCE = AuthenticationConstants.ToChannelFromBotOAuthScope;

/**
 * Decides whether an authenticated activity's tenant may use the bot: a single-tenant bot answers
 * only its own tenant (Teams sends the tenant in channelData and conversation.tenantId).
 */
export function tenantAllowed(config: Config, activity: Partial<Activity>): boolean {
  if (!config.teamsAuthenticated || config.MICROSOFT_APP_TYPE !== "SingleTenant") return true;
  const expected = config.MICROSOFT_APP_TENANT_ID;
  if (!expected) return true;
  return tenantOf(activity) === expected;
}

/**
 * The connector client's HTTP pipeline retries 429s and 5xx by itself, sleeping up to ~20 s per
 * message. The outbox deliverer already retries with backoff, honours Retry-After and paces per
 * conversation, so the pipeline's own retries only block it: each client is built without them.
 */
class NoRetryAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    if (result.connectorFactory) result.connectorFactory = withoutRetries(result.connectorFactory);
    return result;
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return withoutRetries(this.inner.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

function withoutRetries(factory: ConnectorFactory): ConnectorFactory {
  return {
    async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
      const client = await factory.create(serviceUrl, audience);
      const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
      pipeline?.removePolicy({ phase: "Retry" });
      return client;
    },
  } as ConnectorFactory;
}

interface PipelineLike {
  removePolicy(options: { phase?: string }): unknown;
}
