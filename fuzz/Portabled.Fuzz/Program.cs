// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Fuzz;
using Portabled.Fuzz.Targets;
using SharpFuzz;

// Usage: Portabled.Fuzz TARGET            (under afl-fuzz: the input on stdin, persistent mode)
//        Portabled.Fuzz TARGET FILE...    (replays inputs once each, e.g. a crash afl-fuzz saved)
if (args.Length < 1 || FuzzTargets.Find(args[0]) is not IFuzzTarget target)
{
    Console.Error.WriteLine("usage: Portabled.Fuzz TARGET [FILE...]; targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}

// One scratch file per process, on tmpfs when there is one: the readers take a file, not a buffer.
string scratchDirectory = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
string scratchPath = Path.Combine(scratchDirectory, $"portabled-fuzz-{Environment.ProcessId}.img");
try
{
    if (args.Length > 1)
    {
        foreach (string file in args.Skip(1))
        {
            Exception? rejection = ExpectedRejections.RunRejectingCleanly(target, File.ReadAllBytes(file), scratchPath);
            Console.WriteLine(rejection is null ? $"{file}: read" : $"{file}: rejected: {rejection.GetType().Name}: {rejection.Message}");
        }

        return 0;
    }

    Fuzzer.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        _ = ExpectedRejections.RunRejectingCleanly(target, memory.ToArray(), scratchPath);
    });
    return 0;
}
finally
{
    File.Delete(scratchPath);
}
