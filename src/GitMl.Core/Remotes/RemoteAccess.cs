using GitMl.Core.Diagnostics;
using GitMl.Storage;
using K = GitMl.Core.Remotes.RemoteSettingKeys;

namespace GitMl.Core.Remotes;

/// <summary>Whether a data remote may be used with this user's credentials, and why.</summary>
public enum TrustStatus
{
    /// <summary>A local directory: no credentials are involved.</summary>
    NoCredentials,

    /// <summary>The provider's own service (Amazon S3, ACCOUNT.blob.core.windows.net): no approval needed.</summary>
    Provider,

    /// <summary>An endpoint this user's own config names.</summary>
    OwnConfig,

    /// <summary>A committed endpoint this user approved with `git ml remote trust`.</summary>
    Approved,

    /// <summary>A committed endpoint this user has not approved (or approved before it changed).</summary>
    NotApproved,

    /// <summary>Plain http to another machine, not allowed in this clone.</summary>
    PlainHttp,

    /// <summary>A credential stored in this clone was set for another endpoint (or for none known).</summary>
    CredentialElsewhere,

    /// <summary>A credential (or allowHttp) is written in the committed .mlconfig.</summary>
    CommittedCredential,

    /// <summary>The remote names an endpoint, bucket, region or account that is not valid.</summary>
    Invalid,
}

/// <summary>The verdict on one data remote: where it goes, and the sentence that refuses it when it is refused.</summary>
public sealed record RemoteAccessDecision(TrustStatus Status, RemoteRoute? Route, string? Refusal)
{
    public bool Allowed => Refusal is null;

    /// <summary>The route to follow, or the refusal as an exception.</summary>
    /// <exception cref="RemoteAccessRefusedException">The remote may not be used; the message says why and what to do.</exception>
    public RemoteRoute Require() => Refusal is null ? Route! : throw new RemoteAccessRefusedException(Refusal);
}

/// <summary>
/// The one rule for where this user's credentials may go (issue 13; docs/security.md). A cloned repository's
/// .mlconfig may name storage, but this user's credentials (environment, profiles, settings stored with --local) go
/// to an endpoint it names only once this user approved that very endpoint (`git ml remote trust NAME`, recorded in
/// the clone's own config); the provider's own endpoints and plain directories need no approval. Plain http leaves
/// this machine only where the clone's config allows it. A credential stored with --local is bound to the endpoint
/// it was set for. Every store is opened through <see cref="Decide"/> (see IBlobStoreFactory), so no code path can
/// skip it.
/// </summary>
public static class RemoteAccess
{
    public static RemoteAccessDecision Decide(DataRemote remote, Func<string, string?> environment)
    {
        var decision = Evaluate(remote, environment);
        MlTrace.Write("remote", () => $"{remote.Name}: {decision.Status}" +
            (decision.Route is { } route ? $", endpoint {route.Endpoint.Address}, credentials {route.Credentials}" : "") +
            (decision.Allowed ? ", allowed" : ", refused"));
        return decision;
    }

    private static RemoteAccessDecision Evaluate(DataRemote remote, Func<string, string?> environment)
    {
        if (K.LocalOnly.FirstOrDefault(k => remote.OriginOf(k) == SettingOrigin.Committed) is { } committed)
        {
            return new(TrustStatus.CommittedCredential, null,
                $"data remote '{remote.Name}': the committed .mlconfig sets '{committed}', which only this clone's own config may set, so the remote is not used. " +
                $"Remove it from .mlconfig (git config -f .mlconfig --unset {K.Key(remote.Name, committed)}) and keep it in this clone only: git ml remote modify --local {remote.Name} {committed} VALUE");
        }
        RemoteRoute route;
        try
        {
            route = RemoteRoute.Of(remote, environment);
        }
        catch (ArgumentException e)
        {
            return new(TrustStatus.Invalid, null, e.Message);
        }
        var endpoint = route.Endpoint;
        if (endpoint.NeedsApproval && remote.OwnOption(K.TrustedEndpoint) != endpoint.Address)
        {
            string before = remote.OwnOption(K.TrustedEndpoint) is { } old ? $" (this clone approved {old} before; the committed endpoint has changed since)" : "";
            return new(TrustStatus.NotApproved, route,
                $"data remote '{remote.Name}' points at {endpoint.Address}, which the committed .mlconfig names ({endpoint.Setting}) and this clone has not approved{before}, " +
                $"so no credentials were sent there and nothing was transferred. If you trust it, approve it once with: git ml remote trust {remote.Name}");
        }
        if (endpoint.IsPlainHttpOffMachine && !(remote.OwnOption(K.AllowHttp) is { } allow && (Git.GitConfig.ParseBool(allow) ?? false)))
        {
            return new(TrustStatus.PlainHttp, route,
                $"data remote '{remote.Name}' points at {endpoint.Address}, plain http to another machine, where credentials and data would cross the network unencrypted. " +
                $"Use https, or allow it for this clone: git ml remote modify --local {remote.Name} {K.AllowHttp} true");
        }
        if (Unbound(remote, route) is { } refusal)
        {
            return new(TrustStatus.CredentialElsewhere, route, refusal);
        }
        var status = endpoint.Kind == EndpointKind.Directory ? TrustStatus.NoCredentials
            : endpoint.Kind == EndpointKind.Provider ? TrustStatus.Provider
            : endpoint.Origin == SettingOrigin.User ? TrustStatus.OwnConfig
            : TrustStatus.Approved;
        return new(status, route, null);
    }

    /// <summary>A refusal when a credential the route would send was set for another endpoint, or never bound to one.</summary>
    private static string? Unbound(DataRemote remote, RemoteRoute route)
    {
        string[] used = route.Credentials switch
        {
            CredentialSource.StoredKeys => [K.AccessKeyId, K.SecretAccessKey, K.SessionToken],
            CredentialSource.AccountKey => [K.AccountKey],
            CredentialSource.SasToken => [K.SasToken],
            _ => [],
        };
        foreach (string secret in used.Where(s => remote.Option(s) is not null))
        {
            string? boundTo = remote.OwnOption(K.BindingFor(secret));
            if (boundTo == route.Endpoint.Address)
            {
                continue;
            }
            string where = boundTo is null
                ? "is not bound to an endpoint (it was not set with git ml remote modify --local)"
                : $"was set for {boundTo}";
            return $"data remote '{remote.Name}': the {secret} stored in this clone's config {where}, and the remote points at {route.Endpoint.Address}, so it was not sent. " +
                $"If it belongs there, set it again for this endpoint: git ml remote modify --local {remote.Name} {secret} VALUE";
        }
        return null;
    }

    /// <summary>A short phrase for `git ml remote list`.</summary>
    public static string Describe(DataRemote remote, RemoteAccessDecision decision) => decision.Status switch
    {
        TrustStatus.NoCredentials => "directory, no credentials used",
        TrustStatus.Provider => "provider endpoint, no approval needed",
        TrustStatus.OwnConfig => "endpoint from your own config",
        TrustStatus.Approved => "approved in this clone",
        TrustStatus.NotApproved => $"not approved: git ml remote trust {remote.Name}",
        TrustStatus.PlainHttp => "refused: plain http (allowHttp)",
        TrustStatus.CredentialElsewhere => "refused: a stored credential was set for another endpoint",
        TrustStatus.CommittedCredential => "refused: credential in .mlconfig",
        _ => "refused: invalid",
    };
}

/// <summary>
/// A data remote may not be used with this user's credentials (see <see cref="RemoteAccess"/>): nothing was sent.
/// A storage failure of the whole store, so every caller that reports storage failures reports it, once.
/// </summary>
public sealed class RemoteAccessRefusedException(string message)
    : StorageException(message, isTransient: false, affectsWholeStore: true);
