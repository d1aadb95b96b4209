using System.Collections.Concurrent;
using System.Security.Claims;
using Monitoring.Api.Security;

namespace Monitoring.Api.Push;

/// <summary>
/// The connections of this api host that watch a patient (joined the patient's group), with who signed
/// them in. A patient who moves to another unit, or is discharged, may no longer be watched by all of
/// them: those who may not see the patient's unit now are taken out of the group (and told) before
/// anything more of the patient is sent.
/// </summary>
public sealed class PatientWatchers
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ClaimsPrincipal>> _byPatient = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Whether any connection of this host watches a patient (the push path asks for every event).</summary>
    public bool Any => !_byPatient.IsEmpty;

    public void Add(string patientId, string connectionId, ClaimsPrincipal user)
    {
        _byPatient.GetOrAdd(patientId, _ => new(StringComparer.Ordinal))[connectionId] = user;
        _byConnection.GetOrAdd(connectionId, _ => new(StringComparer.Ordinal))[patientId] = 0;
    }

    /// <summary>A connection closed: it watches nobody any more.</summary>
    public void Remove(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var patients))
        {
            return;
        }

        foreach (var patientId in patients.Keys)
        {
            if (_byPatient.TryGetValue(patientId, out var watchers))
            {
                watchers.TryRemove(connectionId, out _);
                if (watchers.IsEmpty)
                {
                    _byPatient.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, ClaimsPrincipal>>(patientId, watchers));
                }
            }
        }
    }

    /// <summary>
    /// Takes out, and returns, the connections watching <paramref name="patientId"/> that may not see it
    /// in <paramref name="unitId"/> (every one of them when it is null: the patient was discharged).
    /// </summary>
    public IReadOnlyList<string> TakeThoseWhoMayNotSee(string patientId, string? unitId)
    {
        if (!_byPatient.TryGetValue(patientId, out var watchers))
        {
            return [];
        }

        List<string>? gone = null;
        foreach (var (connectionId, user) in watchers)
        {
            if ((unitId is null || !CareAccess.Allows(user, CareRoles.People, unitId)) && watchers.TryRemove(connectionId, out _))
            {
                (gone ??= []).Add(connectionId);
                if (_byConnection.TryGetValue(connectionId, out var patients))
                {
                    patients.TryRemove(patientId, out _);
                }
            }
        }

        if (watchers.IsEmpty)
        {
            _byPatient.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, ClaimsPrincipal>>(patientId, watchers));
        }

        return gone ?? [];
    }
}
