# python3's file and process tools in WORK: tempfile, shutil.copytree/move/rmtree, os.walk,
# fcntl.flock between two processes, selectors.DefaultSelector over a subprocess's pipes and
# pty.spawn. Prints nothing that differs between two mounts of the same kind (no random names,
# inode numbers or times). Usage: py-files.py SRC WORK (both empty; SRC on another mount).
import errno
import fcntl
import os
import pty
import selectors
import shutil
import stat
import subprocess
import sys
import tempfile
import time

src, work = sys.argv[1], sys.argv[2]
os.chdir(work)


def out(*args):
    print(*args, flush=True)


def walk(top):
    """os.walk, sorted, as relative paths with type, mode and size."""
    rows = []
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            kind = 'l' if stat.S_ISLNK(st.st_mode) else 'd' if stat.S_ISDIR(st.st_mode) else 'f'
            size = '-' if kind == 'd' else st.st_size
            rows.append(f'{os.path.relpath(path, top)} {kind} {stat.S_IMODE(st.st_mode):o} {size}')
    return sorted(rows)


out('== tempfile')
fd, path = tempfile.mkstemp(prefix='mk-', suffix='.tmp', dir=work)
os.write(fd, b'mkstemp data')
st = os.fstat(fd)
out('mkstemp:', os.path.dirname(path) == work, os.path.basename(path).startswith('mk-'),
    oct(stat.S_IMODE(st.st_mode)), st.st_size)
os.close(fd)
os.unlink(path)
with tempfile.NamedTemporaryFile(mode='w+', dir=work) as f:
    f.write('named\n')
    f.flush()
    out('named:', os.path.exists(f.name), open(f.name).read().strip())
    name = f.name
out('named after close exists:', os.path.exists(name))
with tempfile.TemporaryDirectory(dir=work) as d:
    os.makedirs(os.path.join(d, 'a', 'b'))
    open(os.path.join(d, 'a', 'b', 'f'), 'w').write('x')
    os.chmod(os.path.join(d, 'a', 'b'), 0o500)  # cleanup must still remove it
    out('tmpdir mode:', oct(stat.S_IMODE(os.stat(d).st_mode)), walk(d))
    tmpdir = d
out('tmpdir after close exists:', os.path.exists(tmpdir))
with tempfile.TemporaryFile(dir=work) as f:
    f.write(b'anonymous')
    f.seek(0)
    out('TemporaryFile:', f.read(), os.listdir(work))

out('== shutil')
tree = os.path.join(work, 'tree')
os.makedirs(os.path.join(tree, 'sub', 'deep'))
os.makedirs(os.path.join(tree, 'empty'))
for rel, data, mode in [('a.txt', b'alpha\n', 0o644), ('sub/b.bin', bytes(range(256)) * 100, 0o600),
                        ('sub/deep/c', b'', 0o755)]:
    p = os.path.join(tree, rel)
    with open(p, 'wb') as f:
        f.write(data)
    os.chmod(p, mode)
os.symlink('a.txt', os.path.join(tree, 'link'))
os.symlink('../missing', os.path.join(tree, 'sub', 'dangling'))
os.symlink('sub', os.path.join(tree, 'linkdir'))
os.utime(os.path.join(tree, 'a.txt'), ns=(1_000_000_000_123_456_789, 1_000_000_000_123_456_789))
copy = shutil.copytree(tree, os.path.join(work, 'copy'), symlinks=True)
out('copytree ->', os.path.relpath(copy, work))
out(walk(copy) == walk(tree), walk(copy))
out('copy2 keeps mtime_ns:', os.stat(os.path.join(copy, 'a.txt')).st_mtime_ns)
try:
    shutil.copytree(tree, copy)
except FileExistsError as e:
    out('copytree over an existing dir:', errno.errorcode[e.errno])
moved = shutil.move(copy, os.path.join(src, 'moved'))  # another mount: copy, then rmtree
out('move across mounts ->', os.path.basename(moved), os.path.exists(copy), walk(moved) == walk(tree))
back = shutil.move(moved, os.path.join(work, 'back'))
out('move back ->', os.path.basename(back), walk(back) == walk(tree))
renamed = shutil.move(back, os.path.join(work, 'renamed'))  # same mount: rename(2)
out('move within ->', os.path.basename(renamed), sorted(os.listdir(work)))
shutil.rmtree(renamed)
out('rmtree:', os.path.exists(renamed))
try:
    shutil.rmtree(os.path.join(work, 'nothing'))
except FileNotFoundError as e:
    out('rmtree of a missing dir:', errno.errorcode[e.errno])
out('disk_usage total > 0:', shutil.disk_usage(work).total > 0)

out('== os.walk')
for root, dirs, files in os.walk(tree, topdown=True):
    dirs.sort()
    out(os.path.relpath(root, work), sorted(dirs), sorted(files))
order = [os.path.relpath(r, tree) for r, _, _ in os.walk(tree, topdown=False)]
out('bottom-up:', sorted(order), all(order.index(a) < order.index(b)
                                     for a in order for b in order if b == '.' and a != '.' or a.startswith(b + '/')))
out('followlinks:', sorted(os.path.relpath(r, tree) for r, _, _ in os.walk(tree, followlinks=True)))

out('== fcntl.flock between two processes')
lockfile = os.path.join(work, 'lock')
open(lockfile, 'w').close()
holder = open(lockfile, 'r+')
fcntl.flock(holder, fcntl.LOCK_EX)
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    f = open(lockfile, 'r+')
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(w, b'child: LOCK_NB granted\n')
    except OSError as e:
        os.write(w, f'child: LOCK_NB {errno.errorcode[e.errno]} {e.errno == errno.EWOULDBLOCK}\n'.encode())
    os.write(w, b'child: blocking\n')
    fcntl.flock(f, fcntl.LOCK_EX)  # blocks until the parent unlocks
    os.write(w, b'child: granted after the parent unlocked\n')
    os._exit(0)
os.close(w)
reader = os.fdopen(r)
out(reader.readline().strip())
out(reader.readline().strip())
time.sleep(0.3)
out('parent: unlocking')
fcntl.flock(holder, fcntl.LOCK_UN)
out(reader.readline().strip())
out('child status:', os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
fcntl.flock(holder, fcntl.LOCK_SH | fcntl.LOCK_NB)
out('parent: shared lock after the child exited')
holder.close()

out('== selectors over pipes')
child = subprocess.Popen(
    ['/bin/sh', '-c', 'for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.05; done; exit 7'],
    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
sel = selectors.DefaultSelector()
out('selector:', type(sel).__name__)
sel.register(child.stdout, selectors.EVENT_READ, 'stdout')
sel.register(child.stderr, selectors.EVENT_READ, 'stderr')
got = {'stdout': b'', 'stderr': b''}
while sel.get_map():
    for key, _ in sel.select(timeout=10):
        data = os.read(key.fd, 4096)
        if data:
            got[key.data] += data
        else:
            sel.unregister(key.fileobj)
sel.close()
out('stdout', got['stdout'], 'stderr', got['stderr'], 'exit', child.wait())
r, w = os.pipe()
sel = selectors.DefaultSelector()
sel.register(w, selectors.EVENT_WRITE)
out('empty pipe writable:', [k.fd == w for k, _ in sel.select(timeout=0)])
sel.modify(w, selectors.EVENT_READ)
sel.register(r, selectors.EVENT_READ)
out('nothing to read:', sel.select(timeout=0.05))
os.write(w, b'x')
out('readable:', [(k.fd == r, ev) for k, ev in sel.select(timeout=1)])
os.close(w)
out('after the writer closed:', [(k.fd == r, os.read(r, 10)) for k, _ in sel.select(timeout=1)])
sel.close()
os.close(r)

out('== pty.spawn')
sys.stdout.flush()
status = pty.spawn(['/bin/sh', '-c', 'tty | sed "s/[0-9]*$/N/"; stty size; test -t 0 && echo stdin is a tty; exit 3'])
out('pty.spawn status:', os.waitstatus_to_exitcode(status))

os.unlink(lockfile)
out('left in work:', sorted(os.listdir(work)))
out('== done')
