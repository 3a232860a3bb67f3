using System.Net;
using System.Net.Sockets;

namespace OciConformance.Testing;

/// <summary>Test servers listen on loopback only, on a port chosen at run time.</summary>
public static class Loopback
{
    public static int FreePort(string host = "127.0.0.1")
    {
        using var socket = new TcpListener(IPAddress.Parse(host), 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
