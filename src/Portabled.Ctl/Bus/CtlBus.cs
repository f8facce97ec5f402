// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Interop;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Bus;

/// <summary>
/// The one bus connection of a command, opened on first use like upstream's acquire_bus():
/// the transport and scope of the options, upstream's connection error texts, and
/// ALLOW_INTERACTIVE_AUTHORIZATION on every message unless --no-ask-password.
/// </summary>
internal sealed class CtlBus : IDisposable
{
    private readonly CtlSettings _settings;
    private BusConnection? _connection;

    public CtlBus(CtlSettings settings)
    {
        _settings = settings;
    }

    public BusConnection Connection => _connection ??= Connect();

    public void Dispose() => _connection?.Dispose();

    private BusConnection Connect()
    {
        string scope = _settings.Scope == RuntimeScope.User ? "user" : "system";
        string transport = _settings.Transport switch
        {
            BusTransport.Remote => "remote",
            BusTransport.Machine => "machine",
            _ => "local",
        };
        try
        {
            BusConnection bus = Open();
            bus.AllowInteractiveAuthorization = _settings.AskPassword;
            return bus;
        }
        catch (ConnectException e)
        {
            throw new CtlException($"Failed to connect to {scope} scope bus via {transport} transport: {Explain(e.Errno)}");
        }
        catch (DBusException e)
        {
            throw new CtlException($"Failed to connect to {scope} scope bus via {transport} transport: {e.Message}");
        }
    }

    private BusConnection Open()
    {
        switch (_settings.Transport, _settings.Scope)
        {
            case (BusTransport.Local, RuntimeScope.System):
                // Upstream's friendly refusal when PID 1 is not systemd (sd_booted()).
                if (!Directory.Exists("/run/systemd/system"))
                {
                    CtlLog.Error("System has not been booted with systemd as init system (PID 1). Can't operate.");
                    throw new ConnectException(Errno.EHOSTDOWN);
                }

                return BusConnection.Open("system");
            case (BusTransport.Local, RuntimeScope.User):
                if (Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS") is null && Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is null)
                {
                    throw new ConnectException(Errno.ENOMEDIUM);
                }

                return BusConnection.Open("user");
            case (BusTransport.Remote, RuntimeScope.System):
                return BusConnection.OpenSystemRemote(_settings.Host!);
            case (BusTransport.Remote, RuntimeScope.User):
                throw new ConnectException(Errno.EOPNOTSUPP);
            case (BusTransport.Machine, RuntimeScope.System):
                return BusConnection.OpenSystemMachine(_settings.Host!);
            default:
                return BusConnection.OpenUserMachine(_settings.Host!);
        }
    }

    private string Explain(int errno) => errno switch
    {
        Errno.ENOMEDIUM => "$DBUS_SESSION_BUS_ADDRESS and $XDG_RUNTIME_DIR not defined (consider using --machine=<user>@.host --user to connect to bus of other user)",
        Errno.EPERM when _settings.Scope == RuntimeScope.User => "Operation not permitted (consider using --machine=<user>@.host --user to connect to bus of other user)",
        _ => LibC.ErrorMessage(errno),
    };

    private sealed class ConnectException(int errno) : Exception
    {
        public int Errno { get; } = errno;
    }
}
