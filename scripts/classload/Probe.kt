package probe

import kotlinx.coroutines.*
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.*
import kotlin.math.abs
import kotlin.math.sqrt

data class Point(val x: Int, val y: Int) {
    operator fun plus(o: Point) = Point(x + o.x, y + o.y)
    operator fun times(k: Int) = Point(x * k, y * k)
    val manhattan get() = abs(x) + abs(y)
}

data class Person(val name: String, val age: Int, val tags: List<String> = emptyList())

sealed class Shape {
    abstract val area: Double
    data class Circle(val r: Double) : Shape() { override val area get() = Math.PI * r * r }
    data class Rect(val w: Double, val h: Double) : Shape() { override val area get() = w * h }
    data class Tri(val a: Double, val b: Double, val c: Double) : Shape() {
        override val area: Double get() { val s = (a + b + c) / 2; return sqrt(s * (s - a) * (s - b) * (s - c)) }
    }
    object Empty : Shape() { override val area = 0.0; override fun toString() = "Empty" }
}

fun describe(s: Shape): String = when (s) {
    is Shape.Circle -> "circle r=${s.r}"
    is Shape.Rect -> if (s.w == s.h) "square ${s.w}" else "rect ${s.w}x${s.h}"
    is Shape.Tri -> "triangle ${s.a},${s.b},${s.c}"
    Shape.Empty -> "nothing"
}

sealed interface Result<out T> {
    data class Ok<T>(val value: T) : Result<T>
    data class Err(val msg: String) : Result<Nothing>
}

inline fun <T, R> Result<T>.flatMap(f: (T) -> Result<R>): Result<R> = when (this) {
    is Result.Ok -> f(value)
    is Result.Err -> this
}
inline fun <T, R> Result<T>.map(f: (T) -> R): Result<R> = flatMap { Result.Ok(f(it)) }

fun parseInt(s: String): Result<Int> = s.toIntOrNull()?.let { Result.Ok(it) } ?: Result.Err("not int: $s")

inline fun <T> measure(label: String, block: () -> T): Pair<String, T> {
    val r = block()
    return label to r
}

inline fun <reified T> List<Any?>.filterType(): List<T> = filterIsInstance<T>()

fun String.isPalindrome(): Boolean { val c = filter { it.isLetter() }.lowercase(); return c == c.reversed() }
fun <T> List<T>.second(): T = this[1]
val <T> List<T>.penultimate: T get() = this[size - 2]
fun Int.factorial(): Long = (1..this).fold(1L) { a, b -> a * b }
infix fun Int.pow(e: Int): Long { var r = 1L; repeat(e) { r *= this }; return r }

object Registry {
    private val items = mutableMapOf<String, Int>()
    var counter = 0
        private set
    fun register(name: String): Int { counter++; return items.getOrPut(name) { items.size + 1 } }
    fun dump() = items.entries.sortedBy { it.value }.joinToString { "${it.key}=${it.value}" }
}

interface Greeter { fun greet(n: String): String = "Hello, $n" }
class Polite : Greeter { override fun greet(n: String) = "Good day, ${super.greet(n)}" }
class Delegating(g: Greeter) : Greeter by g

class Matrix(val n: Int, init: (Int, Int) -> Long) {
    val data = Array(n) { i -> LongArray(n) { j -> init(i, j) } }
    operator fun times(o: Matrix) = Matrix(n) { i, j -> (0 until n).sumOf { data[i][it] * o.data[it][j] } }
    operator fun get(i: Int, j: Int) = data[i][j]
    override fun toString() = data.joinToString(" | ") { it.joinToString(" ") }
}

class Node<T : Comparable<T>>(val value: T) {
    var left: Node<T>? = null
    var right: Node<T>? = null
    fun insert(v: T): Node<T> {
        if (v < value) left = left?.insert(v) ?: Node(v) else if (v > value) right = right?.insert(v) ?: Node(v)
        return this
    }
    fun inorder(): Sequence<T> = sequence {
        left?.let { yieldAll(it.inorder()) }
        yield(value)
        right?.let { yieldAll(it.inorder()) }
    }
    fun height(): Int = 1 + maxOf(left?.height() ?: 0, right?.height() ?: 0)
}

class LazyHolder {
    var inits = 0
    val heavy: List<Int> by lazy { inits++; (1..10).map { it * it } }
}

fun primes(): Sequence<Int> = sequence {
    var n = 2
    while (true) { if ((2..sqrt(n.toDouble()).toInt()).none { n % it == 0 }) yield(n); n++ }
}

fun fib(): Sequence<java.math.BigInteger> =
    generateSequence(java.math.BigInteger.ZERO to java.math.BigInteger.ONE) { (a, b) -> b to a + b }.map { it.first }

suspend fun slowSquare(x: Int): Int { delay(5); return x * x }

fun numbersFlow(n: Int): Flow<Int> = flow { for (i in 1..n) { emit(i); yield() } }

fun main() {
    val p = Point(1, 2) + Point(3, 4) * 2
    println("$p manhattan=${p.manhattan} copy=${p.copy(y = -1)}")
    val (px, py) = p
    println("destructured $px $py eq=${p == Point(7, 10)} hash=${p.hashCode() == Point(7, 10).hashCode()}")

    val people = listOf(Person("Ann", 31, listOf("a", "b")), Person("Bob", 25), Person("Cid", 31, listOf("c")), Person("Dee", 19))
    println(people.groupBy { it.age }.toSortedMap().mapValues { e -> e.value.map { it.name } })
    println(people.sortedWith(compareBy<Person> { it.age }.thenByDescending { it.name }).map { it.name })
    println(people.flatMap { it.tags }.distinct())
    println(people.associateBy({ it.name }, { it.age * 2 }))
    val (adults, minors) = people.partition { it.age >= 21 }
    println("adults=${adults.size} minors=${minors.map(Person::name)}")

    val shapes = listOf(Shape.Circle(1.0), Shape.Rect(2.0, 3.0), Shape.Rect(2.0, 2.0), Shape.Tri(3.0, 4.0, 5.0), Shape.Empty)
    shapes.forEach { println("${describe(it)} area=${"%.3f".format(it.area)}") }
    println("total=${"%.4f".format(shapes.sumOf { it.area })}")

    val results = listOf("12", "x", "7").map { s -> parseInt(s).map { it * 3 }.flatMap { if (it > 30) Result.Err("too big $it") else Result.Ok(it) } }
    println(results)

    val (lbl, v) = measure("sum") { (1..100).sum() }
    println("$lbl=$v")
    val mixed: List<Any?> = listOf(1, "two", 3.0, null, "five", 6)
    println("${mixed.filterType<String>()} ${mixed.filterType<Int>()}")

    println("racecar".isPalindrome() to "A man, a plan, a canal: Panama".isPalindrome() to "kotlin".isPalindrome())
    println("${listOf(1, 2, 3).second()} ${listOf(1, 2, 3, 4).penultimate} ${20.factorial()} ${2 pow 40}")

    listOf("alpha", "beta", "alpha", "gamma").forEach { Registry.register(it) }
    println("registry ${Registry.dump()} count=${Registry.counter}")

    println(Delegating(Polite()).greet("Kotlin"))
    println(object : Greeter {}.greet("anon"))

    val m = Matrix(4) { i, j -> (i * 4 + j).toLong() }
    println(m * m)
    val arr3 = Array(3) { i -> Array(4) { j -> IntArray(5) { k -> i * 100 + j * 10 + k } } }
    println(arr3.sumOf { a -> a.sumOf { it.sum() } })
    val grid = Array(3) { arrayOfNulls<String>(3) }
    grid[1][1] = "c"
    println(grid.joinToString("/") { r -> r.joinToString(",") { it ?: "." } })

    val root = Node(50)
    listOf(30, 70, 20, 40, 60, 80, 35, 45, 65).forEach { root.insert(it) }
    println("tree ${root.inorder().toList()} h=${root.height()}")
    val sroot = Node("m")
    "the quick brown fox jumps over the lazy dog".split(" ").forEach { sroot.insert(it) }
    println(sroot.inorder().joinToString(","))

    val lh = LazyHolder()
    println("inits before=${lh.inits}")
    println("${lh.heavy.sum()} ${lh.heavy.last()} inits after=${lh.inits}")

    println(primes().take(25).toList())
    println(fib().drop(200).first())
    println(generateSequence(1) { it * 3 }.takeWhile { it < 100000 }.filter { it % 2 == 1 }.map { it.toString().length }.toList())
    val words = "it was the best of times it was the worst of times it was the age of wisdom".split(" ")
    println(words.groupingBy { it }.eachCount().entries.sortedWith(compareBy({ -it.value }, { it.key })).take(5))
    println((1..20).windowed(5, 5).map { it.sum() } + (1..10).chunked(3).map { it.size })
    val sb = StringBuilder()
    buildString { for (i in 1..5) append(i).append(':') }.also { sb.append(it) }
    println(sb)
    println(buildList { add(1); addAll(listOf(2, 3)); repeat(2) { add(it * 10) } })
    println(runCatching { 1 / 0 }.recover { -1 }.getOrThrow())
    val big = (1..200000).asSequence().map { it.toLong() }.filter { it % 3 == 0L }.sumOf { it * it % 1000003 }
    println("big=$big")
    val labels = when (val x = people.size) { in 0..2 -> "few"; 3, 4 -> "some $x"; else -> "many" }
    println(labels)

    runBlocking {
        val deferred = (1..10).map { i -> async { slowSquare(i) } }
        println("async sum=${deferred.awaitAll().sum()}")
        val flowOut = numbersFlow(20).filter { it % 2 == 0 }.map { it * it }.take(5).toList()
        println("flow=$flowOut")
        val reduced = numbersFlow(10).fold(0) { a, b -> a + b }
        println("flow fold=$reduced")
        val ch = Channel<Int>(4)
        val producer = launch { for (i in 1..8) ch.send(i * 11); ch.close() }
        val got = mutableListOf<Int>()
        for (x in ch) got += x
        producer.join()
        println("channel=$got")
        val res = withContext(Dispatchers.Default) { (1..1000).map { it % 7 }.sum() }
        println("withContext=$res")
        val combined = numbersFlow(3).zip(flowOf("a", "b", "c")) { n, s -> "$s$n" }.toList()
        println("zip=$combined")
        val sf = MutableStateFlow(0)
        val collector = async { sf.first { it == 2 } }
        yield(); sf.value = 1; yield(); sf.value = 2; yield()
        println("stateflow got=${collector.await()}")
        println("stateflow final=${sf.value}")
        val timeoutRes = withTimeoutOrNull(50) { delay(1000); "late" } ?: "timed-out"
        println(timeoutRes)
        val sup = supervisorScope {
            val failing = async { throw IllegalStateException("boom") }
            val ok = async { 42 }
            val f = runCatching { failing.await() }.exceptionOrNull()?.message
            "$f ${ok.await()}"
        }
        println("supervisor=$sup")
    }
    println("done")
}
