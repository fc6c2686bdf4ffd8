/* Benchmark: returns 0 at once; measures process start-up and teardown. */
int main(void)
{
    return 0;
}
