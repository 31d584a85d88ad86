package org.keyfleet.app.runtime;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A process death at a chosen point. Points are every database commit and every call across a port (before and
 * after it); the {@code n}-th point reached after {@link #arm(int)} kills the "process": that commit is rolled back
 * instead, and from then on every database access and every port call fails, as if the JVM were gone, until the
 * test opens a new process on the same database.
 */
final class Crash {

    /** Thrown where the process died; also what every later call sees. */
    static final class Died extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Died(String message) {
            super(message);
        }
    }

    private int countdown;
    private volatile boolean dead;
    private String where;
    private int points;

    /** The next process dies at its {@code n}-th point (0: it does not die). */
    synchronized void arm(int n) {
        countdown = n;
        dead = false;
        where = null;
        points = 0;
    }

    boolean dead() {
        return dead;
    }

    synchronized String where() {
        return where;
    }

    /** Points passed since {@link #arm}. */
    synchronized int points() {
        return points;
    }

    /** A point: dies here when it is the chosen one; fails when the process is already dead. */
    void point(String name) {
        synchronized (this) {
            if (!dead) {
                points++;
                if (countdown > 0 && --countdown == 0) {
                    dead = true;
                    where = name + " (point " + points + ")";
                    throw new Died("the process died at " + where);
                }
                return;
            }
        }
        throw new Died("the process is dead (died at " + where + ")");
    }

    void requireAlive() {
        if (dead) {
            throw new Died("the process is dead (died at " + where() + ")");
        }
    }

    /** The data source as the dying process sees it. */
    DataSource dataSource(DataSource real) {
        return new DyingDataSource(real);
    }

    private final class DyingDataSource implements DataSource {
        private final DataSource real;

        DyingDataSource(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            alive();
            return connection(real.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            alive();
            return connection(real.getConnection(username, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return real.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            real.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            real.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return real.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return real.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper of " + iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    private void alive() throws SQLException {
        if (dead) {
            // SQL state 08006: connection failure, which Spring does not retry
            throw new SQLException("the process is dead (died at " + where() + ")", "08006");
        }
    }

    /** Calls still allowed on a dead process's connection: giving it back. */
    private static final Set<String> CLEANUP = Set.of("close", "rollback", "isClosed", "setAutoCommit",
            "getAutoCommit", "setReadOnly", "setTransactionIsolation", "getTransactionIsolation", "isReadOnly");

    private Connection connection(Connection real) {
        InvocationHandler h = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("commit")) {
                try {
                    point("commit");
                } catch (Died e) {
                    real.rollback();
                    throw new SQLException(e.getMessage(), "08006", e);
                }
            } else if (!CLEANUP.contains(name)) {
                alive();
            }
            Object result = invoke(real, method, args);
            if (result instanceof Statement s && method.getReturnType().isInterface()
                    && Statement.class.isAssignableFrom(method.getReturnType())) {
                return statement(s, method.getReturnType());
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(Crash.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private Object statement(Statement real, Class<?> type) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                alive();
            }
            return invoke(real, method, args);
        };
        return Proxy.newProxyInstance(Crash.class.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
