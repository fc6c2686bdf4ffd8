package dev.zlx.syscalls;

import dev.zlx.syscalls.handlers.ArchSyscalls;
import dev.zlx.syscalls.handlers.AttributeSyscalls;
import dev.zlx.syscalls.handlers.CloneSyscalls;
import dev.zlx.syscalls.handlers.DirectorySyscalls;
import dev.zlx.syscalls.handlers.EpollSyscalls;
import dev.zlx.syscalls.handlers.EventfdSyscalls;
import dev.zlx.syscalls.handlers.FutexSyscalls;
import dev.zlx.syscalls.handlers.IdentitySyscalls;
import dev.zlx.syscalls.handlers.InotifySyscalls;
import dev.zlx.syscalls.handlers.IoctlSyscalls;
import dev.zlx.syscalls.handlers.LockSyscalls;
import dev.zlx.syscalls.handlers.MemfdSyscalls;
import dev.zlx.syscalls.handlers.MmapSyscalls;
import dev.zlx.syscalls.handlers.MountSyscalls;
import dev.zlx.syscalls.handlers.NamespaceSyscalls;
import dev.zlx.syscalls.handlers.OpenSyscalls;
import dev.zlx.syscalls.handlers.PipeSyscalls;
import dev.zlx.syscalls.handlers.PollSyscalls;
import dev.zlx.syscalls.handlers.PrioritySyscalls;
import dev.zlx.syscalls.handlers.ProcessSyscalls;
import dev.zlx.syscalls.handlers.ReadWriteSyscalls;
import dev.zlx.syscalls.handlers.ResourceSyscalls;
import dev.zlx.syscalls.handlers.SchedSyscalls;
import dev.zlx.syscalls.handlers.SignalSyscalls;
import dev.zlx.syscalls.handlers.SignalfdSyscalls;
import dev.zlx.syscalls.handlers.SizeAndSyncSyscalls;
import dev.zlx.syscalls.handlers.SocketSyscalls;
import dev.zlx.syscalls.handlers.SpliceSyscalls;
import dev.zlx.syscalls.handlers.StatSyscalls;
import dev.zlx.syscalls.handlers.SystemSyscalls;
import dev.zlx.syscalls.handlers.TimeSyscalls;
import dev.zlx.syscalls.handlers.TimerSyscalls;
import dev.zlx.syscalls.handlers.TimerfdSyscalls;
import dev.zlx.syscalls.handlers.TimesSyscalls;
import dev.zlx.syscalls.handlers.WaitSyscalls;
import dev.zlx.syscalls.handlers.XattrSyscalls;

/** The registry of every handler family: the one place that lists them. */
public final class Syscalls {
    private Syscalls() {
    }

    /** Every implemented syscall, with handlers that report unsupported features to report. */
    public static SyscallRegistry registry(CompatReport report) {
        SyscallRegistry r = new SyscallRegistry();
        new ReadWriteSyscalls().register(r);
        new SizeAndSyncSyscalls().register(r);
        new MountSyscalls().register(r);
        new NamespaceSyscalls(report).register(r);
        new OpenSyscalls(report).register(r);
        new LockSyscalls().register(r);
        new SpliceSyscalls().register(r);
        new StatSyscalls().register(r);
        new DirectorySyscalls(report).register(r);
        new MmapSyscalls(report).register(r);
        new ProcessSyscalls(report).register(r);
        new IdentitySyscalls().register(r);
        new TimeSyscalls().register(r);
        new ResourceSyscalls().register(r);
        new SystemSyscalls().register(r);
        new SchedSyscalls().register(r);
        new PrioritySyscalls().register(r);
        new SignalSyscalls().register(r);
        new SignalfdSyscalls().register(r);
        new PipeSyscalls(report).register(r);
        new FutexSyscalls(report).register(r);
        new XattrSyscalls().register(r);
        new MemfdSyscalls(report).register(r);
        new AttributeSyscalls().register(r);
        new CloneSyscalls(report).register(r);
        new WaitSyscalls().register(r);
        new SocketSyscalls(report).register(r);
        new PollSyscalls().register(r);
        new EpollSyscalls().register(r);
        new EventfdSyscalls().register(r);
        new InotifySyscalls().register(r);
        new TimerSyscalls().register(r);
        new TimerfdSyscalls().register(r);
        new TimesSyscalls().register(r);
        new IoctlSyscalls(report).register(r);
        new ArchSyscalls(report).register(r);
        return r;
    }
}
