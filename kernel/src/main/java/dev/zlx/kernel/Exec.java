package dev.zlx.kernel;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Auxv;
import dev.zlx.abi.Errno;
import dev.zlx.abi.MountFlags;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Mman;
import dev.zlx.abi.Resource;
import dev.zlx.abi.SigframeAarch64;
import dev.zlx.abi.Signals;
import dev.zlx.abi.Personality;
import dev.zlx.abi.StatMode;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuFeatures;
import dev.zlx.cpu.ExecutionContext;
import dev.zlx.elf.ElfException;
import dev.zlx.elf.ElfFile;
import dev.zlx.elf.ElfSource;
import dev.zlx.elf.InitialStack;
import dev.zlx.elf.LoadSegment;
import dev.zlx.elf.MapStep;
import dev.zlx.elf.ScriptException;
import dev.zlx.elf.Shebang;
import dev.zlx.kernel.mm.Mm;
import dev.zlx.kernel.mm.Vma;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * execve(2): finds the program, follows {@code #!} interpreters, validates the ELF image and
 * its dynamic linker, and builds the new address space with the initial stack, all before
 * touching the calling process. The result is a {@link Task.PendingExec} that the run loop
 * commits once the CPU has stopped (the old image is replaced only then).
 */
public final class Exec {
    private static final int HEAD_SIZE = 256;
    private static final long AT_CLKTCK_HZ = 100;

    private Exec() {
    }

    /** Prepares the execution of path with argv and envp by task's process. */
    public static Task.PendingExec prepare(Task task, String path, List<String> argv, List<String> envp)
            throws ExecError {
        return prepare(task, path, path, argv, envp, 0);
    }

    private static Task.PendingExec prepare(Task task, String execfn, String path, List<String> argv,
            List<String> envp, int depth) throws ExecError {
        Resolved file = resolveExecutable(task.process(), path);
        return prepareFile(task, execfn, path, file.inode(), task.process().fs().guestPath(file.path()), argv, envp,
                depth, true, file.mount().has(MountFlags.MS_NOSUID));
    }

    /**
     * execveat(fd, "", AT_EMPTY_PATH) (fexecve): executes the file the descriptor is open on,
     * even one without a name (a memfd, a deleted file). Its name for the new program
     * (AT_EXECFN, and a script's path for its interpreter) is /dev/fd/N, as Linux makes it; a
     * script through a close-on-exec descriptor cannot be run (ENOENT: the interpreter could
     * not open /dev/fd/N).
     */
    public static Task.PendingExec prepareDescriptor(Task task, OpenFile descriptor, int fd, boolean closeOnExec,
            List<String> argv, List<String> envp) throws ExecError {
        String name = "/dev/fd/" + fd;
        Inode inode = descriptor.inode();
        if (inode == null) {
            throw new ExecError(Errno.EACCES, name + ": not a regular file");
        }
        checkExecutable(task.process(), inode, name);
        String exePath = descriptor.location() != null
                ? task.process().fs().guestPath(descriptor.location().path())
                : descriptor.anonymousName() != null ? descriptor.anonymousName() : name;
        var where = descriptor.location();
        if (where != null && where.mount().has(MountFlags.MS_NOEXEC)) {
            throw new ExecError(Errno.EACCES, name + ": on a noexec mount");
        }
        boolean nosuid = where != null && where.mount().has(MountFlags.MS_NOSUID);
        return prepareFile(task, name, name, inode, exePath, argv, envp, 0, !closeOnExec, nosuid);
    }

    private static Task.PendingExec prepareFile(Task task, String execfn, String path, Inode inode, String exePath,
            List<String> argv, List<String> envp, int depth, boolean scriptAllowed, boolean nosuid) throws ExecError {
        Process process = task.process();
        Kernel kernel = process.kernel();
        OpenFile program = openForExec(inode, path);
        try {
            byte[] head = new byte[HEAD_SIZE];
            int headLength = readFully(program, head, 0);
            if (headLength >= 2 && head[0] == '#' && head[1] == '!') {
                if (!scriptAllowed) {
                    throw new ExecError(Errno.ENOENT, path + ": a script through a close-on-exec descriptor");
                }
                return prepareScript(task, execfn, path, argv, envp, depth, head, headLength);
            }
            ElfFile elf = parse(program, path);
            Arch arch = elf.arch();
            if (!kernel.cpuBackend().supports(arch)) {
                throw new ExecError(Errno.ENOEXEC, path + ": " + arch.cliName() + " programs are not supported by the "
                        + kernel.cpuBackend().name() + " CPU backend");
            }
            Loaded interpreter = null;
            if (elf.interpreter().isPresent()) {
                interpreter = openInterpreter(process, elf.interpreter().get(), arch);
            }
            var st = inode.stat();
            // On a nosuid mount the set-user-ID and set-group-ID bits do nothing.
            int mode = nosuid ? st.mode() & ~(StatMode.S_ISUID | StatMode.S_ISGID) : st.mode();
            Credentials cred = process.credentials().afterExec(st.uid(), st.gid(), mode);
            int persona = personaAfterExec(task.personality(), mode);
            return build(task, arch, elf, program, exePath, interpreter, execfn, argv, envp, cred, persona);
        } catch (LinuxException e) {
            throw new ExecError(e.errno(), path + ": " + e.errno().message());
        } finally {
            program.close();
        }
    }

    private record Loaded(ElfFile elf, OpenFile file, String path) {
    }

    private static Resolved resolveExecutable(Process process, String path) throws ExecError {
        Resolved file;
        try {
            FsContext fs = process.fs();
            file = process.walker().resolve(fs.root(), fs.cwd(), path, true, 0, process.searchPermission());
        } catch (LinuxException e) {
            throw new ExecError(e.errno(), path + ": " + e.errno().message());
        }
        checkExecutable(process, file.inode(), path);
        if (file.mount().has(MountFlags.MS_NOEXEC)) {
            throw new ExecError(Errno.EACCES, path + ": on a noexec mount");
        }
        return file;
    }

    /** EACCES unless inode is a regular file the process may execute. */
    private static void checkExecutable(Process process, Inode inode, String path) throws ExecError {
        var st = inode.stat();
        if ((st.mode() & StatMode.S_IFMT) != StatMode.S_IFREG) {
            throw new ExecError(Errno.EACCES, path + ": not a regular file");
        }
        if (!Permissions.mayExecute(process.credentials(), st)) {
            throw new ExecError(Errno.EACCES, path + ": " + Errno.EACCES.message());
        }
    }

    private static OpenFile openForExec(Inode inode, String path) throws ExecError {
        try {
            return inode.open(Fcntl.O_RDONLY);
        } catch (LinuxException e) {
            throw new ExecError(e.errno(), path + ": " + e.errno().message());
        }
    }

    private static Task.PendingExec prepareScript(Task task, String execfn, String path, List<String> argv,
            List<String> envp, int depth, byte[] head, int headLength) throws ExecError {
        if (depth >= Shebang.MAX_INTERPRETER_REWRITES) {
            throw new ExecError(Errno.ELOOP, path + ": too many levels of #! interpreters");
        }
        Optional<Shebang> parsed;
        try {
            parsed = Shebang.parse(head, headLength);
        } catch (ScriptException e) {
            throw new ExecError(Errno.ENOEXEC, path + ": " + e.getMessage());
        }
        Shebang script = parsed.orElseThrow(() -> new ExecError(Errno.ENOEXEC, path + ": bad #! line"));
        List<String> newArgv = script.interpreterArgv(path, argv);
        try {
            return prepare(task, execfn, script.interpreter(), newArgv, envp, depth + 1);
        } catch (ExecError e) {
            if (e.errno() == Errno.ENOENT) {
                throw new ExecError(Errno.ENOENT, path + ": interpreter " + script.interpreter() + " not found");
            }
            throw e;
        }
    }

    private static ElfFile parse(OpenFile file, String path) throws ExecError {
        try {
            return ElfFile.parse(sourceOf(file));
        } catch (java.io.IOException e) {
            throw new ExecError(Errno.EIO, path + ": " + e.getMessage());
        } catch (ElfException e) {
            String why = e.kind() == ElfException.Kind.NOT_ELF
                    ? "not an executable (neither ELF nor a #! script)"
                    : e.getMessage();
            throw new ExecError(e.errno(), path + ": " + why);
        }
    }

    private static Loaded openInterpreter(Process process, String interpPath, Arch arch) throws ExecError {
        Resolved file;
        try {
            FsContext fs = process.fs();
            file = process.walker().resolve(fs.root(), fs.cwd(), interpPath, true, 0, process.searchPermission());
        } catch (LinuxException e) {
            throw new ExecError(e.errno(), "dynamic linker " + interpPath + ": " + e.errno().message());
        }
        if (file.mount().has(MountFlags.MS_NOEXEC)) {
            throw new ExecError(Errno.EACCES, "dynamic linker " + interpPath + ": on a noexec mount");
        }
        OpenFile opened = openForExec(file.inode(), interpPath);
        try {
            ElfFile elf = parse(opened, interpPath);
            if (elf.arch() != arch) {
                throw new ExecError(Errno.ELIBBAD, "dynamic linker " + interpPath + " is for "
                        + elf.arch().cliName() + ", the program for " + arch.cliName());
            }
            if (elf.interpreter().isPresent()) {
                throw new ExecError(Errno.ELIBBAD, "dynamic linker " + interpPath + " itself asks for an interpreter");
            }
            return new Loaded(elf, opened.retain(), process.fs().guestPath(file.path()));
        } finally {
            opened.close();
        }
    }

    static ElfSource sourceOf(OpenFile file) {
        long size = file.stat().size();
        return new ElfSource() {
            @Override
            public long size() {
                return size;
            }


            @Override
            public int read(long offset, byte[] dst, int off, int len) {
                int n = file.pread(ByteBuffer.wrap(dst, off, len), offset);
                return Math.max(n, 0);
            }
        };
    }

    private static int readFully(OpenFile file, byte[] buf, long offset) {
        int total = 0;
        while (total < buf.length) {
            int n = file.pread(ByteBuffer.wrap(buf, total, buf.length - total), offset + total);
            if (n <= 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static Task.PendingExec build(Task task, Arch arch, ElfFile elf, OpenFile program, String exePath,
            Loaded interpreter, String execfn, List<String> argv, List<String> envp, Credentials cred, int persona)
            throws ExecError {
        // Everything below can fail only with ENOMEM, E2BIG or a bug: the files were validated.
        Process process = task.process();
        Kernel kernel = process.kernel();
        ArchLayout layout = ArchLayout.of(arch);
        long taskSize = ElfFile.taskSize(arch);
        AddressSpace space = kernel.cpuBackend().createAddressSpace(arch);
        Mm mm = new Mm(space, taskSize);
        mm.setMaxMapCount(kernel.tunables()::maxMapCount);
        try {
            // ADDR_NO_RANDOMIZE (setarch -R): no PF_RANDOMIZE, the layout's random offsets are all 0.
            java.util.Random rnd = (persona & Personality.ADDR_NO_RANDOMIZE) == 0 ? kernel.entropy() : NO_RANDOMNESS;
            long stackLimit = Math.min(process.rlimits().soft(Resource.RLIMIT_STACK) & Long.MAX_VALUE, 1L << 30);
            long stackTop = taskSize - (rnd.nextLong(layout.stackRandomMask() + 1) << 12);
            long gap = Math.max(128L << 20, stackLimit + (256L << 20));
            long mmapBase = Mm.pageDown(stackTop - gap - (rnd.nextLong(1L << layout.mmapRandomBits()) << 12));
            mm.setMmapBase(mmapBase);
            long rlimitAs = process.rlimits().soft(Resource.RLIMIT_AS);
            if (rlimitAs != Rlimits.INFINITY) {
                mm.setAddressSpaceLimit(rlimitAs);
            }

            long random = rnd.nextLong(1L << layout.mmapRandomBits()) << 12;
            long bias = elf.type() == ElfFile.Type.EXEC ? 0 : elf.programBias(random).orElseGet(() -> {
                // A static PIE (or ld.so run directly): Linux puts it where mmap would.
                long span = Mm.pageUp(elf.spanEnd() - elf.spanStart()) + elf.maxAlignment();
                long start = mm.findFreeTopDown(span, mmapBase);
                return ((start + elf.maxAlignment() - 1) & -elf.maxAlignment()) - elf.spanStart();
            });
            mapImage(mm, elf, program, exePath, bias);
            long imageEnd = Mm.pageUp(bias + elf.spanEnd());
            mm.setBrkStart(imageEnd + Mm.pageDown(rnd.nextLong(layout.brkRandomRange())));

            long interpBase = 0;
            long entry = bias + elf.entry();
            if (interpreter != null) {
                long span = interpreter.elf().spanEnd() - interpreter.elf().spanStart();
                long start = mm.findFreeTopDown(Mm.pageUp(span), mmapBase);
                interpBase = start - interpreter.elf().spanStart();
                mapImage(mm, interpreter.elf(), interpreter.file(), interpreter.path(), interpBase);
                entry = interpBase + interpreter.elf().entry();
            }

            int stackProt = Mman.PROT_READ | Mman.PROT_WRITE | (elf.executableStack() ? Mman.PROT_EXEC : 0);
            long stackSize = Mm.pageUp(stackLimit);
            mm.map(stackTop - stackSize, stackSize, stackProt, Mman.MAP_PRIVATE | Mman.MAP_FIXED, null, 0, "[stack]");

            CpuFeatures features = kernel.cpuBackend().features(arch);
            byte[] randomBytes = new byte[16];
            kernel.entropy().nextBytes(randomBytes); // AT_RANDOM is random whatever the layout
            InitialStack.Builder builder = InitialStack.builder()
                    .stackTop(stackTop).argv(argv).envp(envp).execfn(execfn).platform(features.platform())
                    .random(randomBytes).stackRlimit(stackLimit)
                    .aux(Auxv.AT_HWCAP, features.hwcap())
                    .aux(Auxv.AT_PAGESZ, Mm.PAGE)
                    .aux(Auxv.AT_CLKTCK, AT_CLKTCK_HZ)
                    .aux(Auxv.AT_PHDR, bias + elf.phdrVaddr())
                    .aux(Auxv.AT_PHENT, elf.phentsize())
                    .aux(Auxv.AT_PHNUM, elf.phnum())
                    .aux(Auxv.AT_BASE, interpBase)
                    .aux(Auxv.AT_FLAGS, 0)
                    .aux(Auxv.AT_ENTRY, bias + elf.entry())
                    .aux(Auxv.AT_UID, cred.userNs().uidOf(cred.uid())) // as the program's namespace sees them
                    .aux(Auxv.AT_EUID, cred.userNs().uidOf(cred.euid()))
                    .aux(Auxv.AT_GID, cred.userNs().gidOf(cred.gid()))
                    .aux(Auxv.AT_EGID, cred.userNs().gidOf(cred.egid()))
                    .aux(Auxv.AT_SECURE, cred.secureExec() ? 1 : 0)
                    .aux(Auxv.AT_HWCAP2, features.hwcap2());
            if (arch == Arch.AARCH64) {
                builder.aux(Auxv.AT_MINSIGSTKSZ, Signals.minSigStackSize(arch));
            }
            InitialStack stack = builder.build();
            space.writeIgnoringProtection(stack.sp(), stack.bytes(), 0, stack.bytes().length);
            long[] segments = codeAndData(elf, bias);
            Process.Image image = new Process.Image(exePath, List.copyOf(argv), List.copyOf(envp),
                    stack.argStart(), stack.argEnd(), stack.envStart(), stack.envEnd(), stack.sp(),
                    stack.auxv().stream().flatMapToLong(e -> java.util.stream.LongStream.of(e.type(), e.value())).toArray(),
                    segments[0], segments[1], segments[2], segments[3]);
            long sp = stack.sp();
            long pc = entry;
            long trampoline = arch == Arch.AARCH64 ? mapSigreturnTrampoline(mm) : 0;
            String comm = commName(execfn, exePath);
            return t -> commit(t, mm, arch, image, comm, pc, sp, trampoline, cred, persona);
        } catch (LinuxException e) {
            mm.close();
            throw new ExecError(e.errno(), execfn + ": cannot load: " + e.errno().message());
        } catch (RuntimeException e) {
            mm.close();
            throw e;
        } finally {
            if (interpreter != null) {
                interpreter.file().close();
            }
        }
    }

    /**
     * load_elf_binary's start_code, end_code, start_data and end_data: the lowest start and the
     * highest file end of the executable PT_LOAD segments, the highest start and file end of all.
     */
    private static long[] codeAndData(ElfFile elf, long bias) {
        long startCode = -1;
        long endCode = 0;
        long startData = 0;
        long endData = 0;
        for (LoadSegment s : elf.loadSegments()) {
            boolean code = (s.prot() & LoadSegment.PROT_EXEC) != 0;
            if (code && Long.compareUnsigned(s.vaddr(), startCode) < 0) {
                startCode = s.vaddr();
            }
            startData = Math.max(startData, s.vaddr());
            long fileEnd = s.vaddr() + s.filesz();
            if (code) {
                endCode = Math.max(endCode, fileEnd);
            }
            endData = Math.max(endData, fileEnd);
        }
        return new long[] {startCode + bias, endCode + bias, startData + bias, endData + bias};
    }

    private static void mapImage(Mm mm, ElfFile elf, OpenFile file, String path, long bias) {
        var st = file.stat();
        Vma.MappedFile mapped = new Vma.MappedFile(file, path, st.dev(), st.ino());
        for (MapStep step : elf.mapSteps(bias)) {
            switch (step) {
                case MapStep.MapFile m -> {
                    mm.map(m.start(), m.length(), m.prot(), Mman.MAP_PRIVATE | Mman.MAP_FIXED, mapped,
                            m.fileOffset(), path);
                    mm.fillFromFile(m.start(), m.length(), mapped, m.fileOffset(), m.fileLength());
                }
                case MapStep.ZeroFill z -> mm.space().writeIgnoringProtection(z.start(), new byte[(int) z.length()], 0,
                        (int) z.length());
                case MapStep.MapAnonymous a -> mm.map(a.start(), a.length(), a.prot(),
                        Mman.MAP_PRIVATE | Mman.MAP_FIXED, null, 0, null);
            }
        }
    }

    /**
     * aarch64 Linux returns from handlers without SA_RESTORER through the vDSO's sigreturn
     * trampoline; zlx has no vDSO and maps a page with the same two instructions instead.
     */
    private static long mapSigreturnTrampoline(Mm mm) {
        long page = mm.map(0, Mm.PAGE, Mman.PROT_READ | Mman.PROT_EXEC, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0,
                "[sigpage]");
        byte[] code = new byte[4 * SigframeAarch64.SIGRETURN_CODE.length];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(code).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int insn : SigframeAarch64.SIGRETURN_CODE) {
            b.putInt(insn);
        }
        mm.space().writeIgnoringProtection(page, code, 0, code.length);
        return page;
    }

    /**
     * begin_new_exec's comm: the last part of the name execve was given (a symlink's own name, a
     * script's), or of the file's path when that name is execveat's /dev/fd/N form (bprm->fdpath).
     */
    static String commName(String execfn, String exePath) {
        String name = execfn.startsWith("/dev/fd/") ? exePath : execfn;
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /**
     * The persona the new program runs with: a set-user-ID or set-group-ID file clears
     * PER_CLEAR_ON_SETID (bprm->per_clear), and a 64-bit ELF's SET_PERSONALITY clears
     * READ_IMPLIES_EXEC on both architectures; the rest is inherited.
     */
    static int personaAfterExec(int persona, int fileMode) {
        boolean setId = (fileMode & StatMode.S_ISUID) != 0
                || (fileMode & (StatMode.S_ISGID | StatMode.S_IXGRP)) == (StatMode.S_ISGID | StatMode.S_IXGRP);
        return persona & ~(setId ? Personality.PER_CLEAR_ON_SETID : 0) & ~Personality.READ_IMPLIES_EXEC;
    }

    /** A source of randomness that always answers 0: the layout of ADDR_NO_RANDOMIZE. */
    private static final java.util.Random NO_RANDOMNESS = new java.util.Random() {
        @Override
        protected int next(int bits) {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }
    };

    private static ExecutionContext commit(Task task, Mm mm, Arch arch, Process.Image image, String comm, long pc,
            long sp, long trampoline, Credentials cred, int persona) {
        Process process = task.process();
        TaskRunner.releaseThreadMemoryWords(task);
        Credentials oldCred = process.credentials();
        process.setCredentials(cred);
        // begin_new_exec: dumpable again unless the program runs with other ids than its caller's.
        process.setDumpable(oldCred.euid() == cred.euid() && oldCred.egid() == cred.egid()
                && oldCred.fsuid() == cred.fsuid() && oldCred.fsgid() == cred.fsgid());
        process.setPersonality(persona);
        process.setSigreturnTrampoline(trampoline);
        ExecutionContext oldCpu = task.cpu();
        Mm old = process.replaceImage(mm, arch, image);
        process.setComm(comm);
        if (old != null) {
            old.close();
        }
        if (oldCpu != null) {
            // Still in use by a vfork parent, the old space keeps running without this context.
            oldCpu.release();
        }
        process.unshareFds();
        process.fds().closeOnExec();
        process.resetHandlersForExec();
        // POSIX timers do not survive execve; the itimers (real, virtual, prof) and RLIMIT_CPU do.
        process.posixTimers.deleteAll();
        ExecutionContext cpu = mm.space().createContext();
        cpu.setPc(pc);
        cpu.setSp(sp);
        return cpu;
    }

    /** Runs prepare and commit at once, for the first program of a kernel. */
    public static void start(Task task, String path, List<String> argv, List<String> envp) throws ExecError {
        Task.PendingExec exec = prepare(task, path, argv, envp);
        task.setCpu(exec.commit(task));
    }
}
