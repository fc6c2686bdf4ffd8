#!/bin/bash
# The host's coreutils, findutils, tar, gzip, diffutils and sed, unmodified, on a tree in WORK:
# a source tree is made in SRC (a plain host directory), copied with cp -a into WORK, listed,
# archived, extracted, compared, edited, compressed, moved and removed. Everything printed is
# relative to WORK and free of what differs between two mounts of the same kind (inode and
# device numbers, the current time, the directory's own path), so a native run in a tmpfs and a
# run under zlx in its tmpfs print the same. Usage: tree-tools.sh SRC WORK (both empty).
set -u
export LC_ALL=C TZ=UTC
src=$1
work=$2
T='2001-02-03 04:05:06.123456789'

# "NAME -> STATUS" after each command whose success matters.
run() { "$@"; echo "$1 -> $?"; }
# Times set by this run (not by touch -d) read "(today)".
today=$(date +%Y-%m-%d)
recent() { sed -e "s/$today [0-9:.]*\( +0000\)\{0,1\}/(today)/g"; }
# find's view of a tree: type, mode, size, links, link target, mtime; sorted.
listing() {
  (cd "$1" && find . -printf '%p %y %m %s %n [%l] %TY-%Tm-%Td %TT\n' | sort | recent)
}

echo "== make the source tree"
cd "$src" || exit 1
mkdir -p tree/sub/deeper tree/empty tree/sticky
printf 'hello\nworld\n' > tree/a.txt
seq 1 3000 > tree/sub/numbers
yes 'the quick brown fox' | head -c 200000 > tree/sub/deeper/fox
truncate -s 1M tree/sparse && printf 'end' >> tree/sparse
: > tree/zero-length
ln -s a.txt tree/link-rel
ln -s /nonexistent/target tree/link-dangling
ln -s sub/deeper tree/link-dir
ln tree/a.txt tree/sub/hard-a
mkfifo tree/fifo
chmod 600 tree/sub/numbers
chmod 751 tree/sub
chmod 1777 tree/sticky
chmod 4755 tree/zero-length
find tree -depth -exec touch -h -d "$T" {} +

echo "== cp -a into the work directory"
cd "$work" || exit 1
stat -f -c 'file system: %T' .
run cp -a "$src/tree" copy
listing copy
echo "sparse: $(stat -c '%s bytes, %b blocks of %B' copy/sparse)"
echo "empty work file: $(stat -c '%s %b' copy/zero-length)"
run cmp "$src/tree/sparse" copy/sparse
run cmp "$src/tree/sub/deeper/fox" copy/sub/deeper/fox

echo "== tar czf and tar xzf"
# Names sorted: the first of two hard links found is archived as the file, and readdir order
# is not the same on every tmpfs (Linux 6.6-6.13 list entries oldest first, 6.14 on newest first).
run tar --sort=name -czf tree.tgz -C copy .
run tar -tzvf tree.tgz --numeric-owner --full-time > toc
sed -e 's/  */ /g' toc | sort
mkdir extracted
run tar -xzf tree.tgz -C extracted
listing extracted
run diff -r --no-dereference copy extracted
echo "changed" >> extracted/sub/deeper/fox
diff -r --no-dereference copy extracted; echo "diff after a change -> $?"
run cmp copy/sparse extracted/sparse
cmp copy/sub/deeper/fox extracted/sub/deeper/fox; echo "cmp after a change -> $?"

echo "== sed -i, gzip, gunzip"
run sed -i -e 's/world/there/' -e '1i first line' extracted/a.txt
cat extracted/a.txt
stat -c '%n: %h links %a %s' extracted/a.txt extracted/sub/hard-a
run gzip -9 -n extracted/sub/numbers
stat -c '%n: %a %s' extracted/sub/numbers.gz
gzip -l extracted/sub/numbers.gz | sed -e 's/  */ /g'
run gunzip extracted/sub/numbers.gz
run cmp copy/sub/numbers extracted/sub/numbers
gzip -c -n copy/sub/deeper/fox > fox.gz; echo "gzip -c -> $?"
gunzip -c fox.gz | cmp - copy/sub/deeper/fox; echo "gunzip -c | cmp -> $?"
stat -c 'fox.gz: %s' fox.gz

echo "== du, ls -l, stat"
du -a -l copy | sort -k2   # -l: both hard links counted, whichever comes first
du -s --apparent-size -b copy
ls -l --time-style=+%Y-%m-%dT%H:%M:%S copy | sed -e 's/  */ /g'
ls -lR --time-style=+%Y copy/sub | sed -e 's/  */ /g'
ls -ld --time-style=+%Y copy/link-dir/ copy/link-dir | sed -e 's/  */ /g'
stat -c '%n %F %a %A %s %b %h %U %G %y' copy copy/* | sort
stat -L -c '%n %F %s' copy/link-rel copy/link-dir

echo "== mv, ln, touch -d, chmod -R, rm -r"
run mv extracted/sub moved
run mv moved/deeper moved/renamed
run mv extracted/a.txt extracted/a-renamed.txt
run ln moved/numbers moved/numbers-again
run ln -s ../moved/renamed extracted/to-renamed
run ln -sf a-renamed.txt extracted/link-rel
readlink extracted/link-rel extracted/to-renamed
run touch -d '1999-12-31 23:59:59.5' moved/numbers
run touch -m -d '2020-02-29 12:00:00' moved/renamed
touch -a -d '2010-01-01' moved/numbers-again
stat -c '%n %h %y %x' moved/numbers moved/numbers-again moved/renamed | recent
run chmod -R go-rwx,u+X extracted moved
run chmod -R a+rX moved
listing moved
listing extracted
run rm -r moved
run rm -rf extracted/empty extracted/link-dir
mv moved x 2>/dev/null; echo "mv of a removed tree -> $?"
rmdir extracted; echo "rmdir of a full directory -> $?"
run rm -r extracted copy
ls -A
run rm tree.tgz toc fox.gz
ls -A | wc -l
echo "== done"
